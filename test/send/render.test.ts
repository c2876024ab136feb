import { describe, expect, test } from 'vitest';
import { checkFields, compile, render, renderSubject } from '../../src/send/render.js';

describe('merge fields', () => {
  test('text keeps values as they are, HTML escapes them', () => {
    const t = compile('Hi {{ first_name }}, <b>{{first_name}}</b> & {{city}}');
    const fields = { first_name: '<script>"Bo" & \'Al\'', city: null };
    expect(render(t, fields, 'text')).toBe('Hi <script>"Bo" & \'Al\', <b><script>"Bo" & \'Al\'</b> & ');
    expect(render(t, fields, 'html')).toBe('Hi &lt;script&gt;&quot;Bo&quot; &amp; &#39;Al&#39;, <b>&lt;script&gt;&quot;Bo&quot; &amp; &#39;Al&#39;</b> & ');
  });

  test('a subject stays one line whatever the row holds', () => {
    expect(renderSubject(compile('Hello {{name}}'), { name: 'Ann\r\nBcc: x@evil.test' })).toBe('Hello Ann Bcc: x@evil.test');
  });

  test('numbers and dates render plainly; text without fields is untouched', () => {
    expect(render(compile('{{n}} {{d}}'), { n: 42, d: new Date('2026-03-01T10:00:00Z') }, 'text')).toBe('42 2026-03-01');
    expect(render(compile('no fields {here}'), {}, 'html')).toBe('no fields {here}');
  });

  test('a field that is not a column stops the send before it starts', () => {
    const subject = compile('Hello {{frist_name}}');
    expect(() => checkFields({ subject }, ['first_name', 'email'])).toThrow(/frist_name/);
    expect(() => checkFields({ subject: compile('Hello {{first_name}}') }, ['first_name'])).not.toThrow();
  });
});

describe('log hygiene', () => {
  test('addresses quoted in a server reply are masked before logging', async () => {
    const { maskIn } = await import('../../src/send/sender.js');
    expect(maskIn('550 5.1.1 <zed.smith@corp.test>: Recipient address rejected: User unknown'))
      .toBe('550 5.1.1 <z***@corp.test>: Recipient address rejected: User unknown');
    expect(maskIn('554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked')).toBe('554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked');
  });
});
