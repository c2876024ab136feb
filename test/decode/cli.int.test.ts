// The decode command as a person runs it: the built CLI (npm install builds dist/ in `prepare`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const cli = join(repo, 'dist/src/cli/main.js');
const fixtures = join(repo, 'test/fixtures/decode');

describe('bouncesync decode', () => {
  it('has a built CLI to run (npm install / npm run build makes it)', () => {
    expect(existsSync(cli)).toBe(true);
  });

  it('--jsonl prints one object per file with exactly the documented fields', () => {
    const r = spawnSync(process.execPath, [cli, 'decode', '--jsonl', fixtures], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(10);
    for (const d of lines) {
      expect(Object.keys(d).filter((k) => k !== 'error')).toEqual(['file', 'kind', 'recipients', 'messageId', 'originalMessageId', 'token']);
      expect(d.file.startsWith('/')).toBe(false); // relative to the folder given
      for (const rc of d.recipients) expect(Object.keys(rc)).toEqual(expect.arrayContaining(['address', 'status', 'replyCode', 'reason', 'hard', 'action', 'diagnostic', 'decodedBy']));
    }
    const dsn = lines.find((d) => d.file === 'dsn-postfix-userunknown.eml');
    expect(dsn.recipients[0]).toMatchObject({ address: 'nobody-here@dest.example', status: '5.1.1', replyCode: '550', reason: 'userunknown', hard: true, decodedBy: 'dsn' });
  });

  it('names how many recipients a message listed when it lists more than it reports (recipientsFound)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-decode-cap-'));
    try {
      const blocks = Array.from({ length: 1001 }, (_, i) => `Final-Recipient: rfc822; user${i}@far.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n`);
      const raw = ['From: MAILER-DAEMON@relay.example', 'To: news@sender.example', 'Subject: Undelivered Mail Returned to Sender', 'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'Delivery failed.', '',
        '--b', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; relay.example', '', blocks.join('\n'), '--b--', ''].join('\n');
      writeFileSync(join(dir, 'many.eml'), raw);
      const r = spawnSync(process.execPath, [cli, 'decode', '--jsonl', join(dir, 'many.eml')], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const d = JSON.parse(r.stdout);
      expect(d.recipients).toHaveLength(1000);
      expect(d.recipientsFound).toBe(1001);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops quietly when the reader goes away (| head)', () => {
    const r = spawnSync('bash', ['-c', `node "${cli}" decode "${fixtures}" "${fixtures}" "${fixtures}" | head -2; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^FILE\s+KIND\s+RECIPIENT/);
  });

  it('exits 1 for a missing path but still decodes the others', () => {
    const r = spawnSync(process.execPath, [cli, 'decode', '--jsonl', join(fixtures, 'nope.eml'), join(fixtures, 'arf-abuse.eml')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no such file or folder/);
    expect(JSON.parse(r.stdout).kind).toBe('feedback');
  });

  it('refuses a file over --max-bytes without reading it, as kind "error"', () => {
    const r = spawnSync(process.execPath, [cli, 'decode', '--jsonl', '--max-bytes', '100', join(fixtures, 'arf-abuse.eml')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'error', recipients: [] });
  });
});
