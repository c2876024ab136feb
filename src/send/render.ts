// Merge fields: `{{ name }}` is replaced by the recipient row's column `name`. In HTML the value is
// escaped, so a first_name of `<script>` arrives as text, never as markup. A field the row does not
// have is an error before anything is sent (a typo would otherwise mail thousands of "Hello ,").
import { BounceError } from '../core/errors.js';

const FIELD = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]{0,63})\s*\}\}/g;

export type Fields = Record<string, unknown>;

/** A template split once into literal text and field names (odd indexes are names). */
export interface Template { parts: string[]; fields: string[] }

export function compile(source: string): Template {
  const parts = source.split(FIELD);
  return { parts, fields: parts.filter((_, i) => i % 2 === 1) };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

export function render(t: Template, fields: Fields, mode: 'text' | 'html'): string {
  let out = '';
  for (let i = 0; i < t.parts.length; i++) {
    const part = t.parts[i]!;
    if (i % 2 === 0) out += part;
    else out += mode === 'html' ? escapeHtml(text(fields[part])) : text(fields[part]);
  }
  return out;
}

/** A subject is one header line: merged values lose their line breaks. */
export function renderSubject(t: Template, fields: Fields): string {
  return render(t, fields, 'text').replace(/[\r\n]+/g, ' ');
}

/** Fails when a template names a field that the recipients query does not return. */
export function checkFields(templates: Record<string, Template | undefined>, available: Iterable<string>): void {
  const have = new Set(available);
  for (const [where, t] of Object.entries(templates)) {
    const missing = t?.fields.filter((f) => !have.has(f)) ?? [];
    if (missing.length) {
      throw new BounceError('SEND_FIELD_UNKNOWN', `The ${where} template uses {{${missing[0]}}}, which is not a column of the recipients table.`,
        { fix: 'Correct the field name in the template or add the column to the mapping.' });
    }
  }
}
