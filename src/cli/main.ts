#!/usr/bin/env node
// bouncesync command line. One file per command under ./commands; this map is the registry.
// Commands load lazily so `bouncesync decode` never pulls in database drivers.
import { isBounceError, unexpected } from '../core/errors.js';

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const commands: Record<string, Command> = {
  decode: { summary: 'decode returned mail: decode [--jsonl] [--max-bytes N] [--workers N] PATH... (a file, a folder, an mbox, or - for standard input)', load: () => import('./commands/decode.js') },
  check: { summary: 'check the database mapping and rights: check [--config FILE]', load: () => import('./commands/check.js') },
  run: { summary: 'read sources, record, write flags: run [--once [--dry-run]] [--json] [--config FILE] (no --once: run until stopped)', load: () => import('./commands/run.js') },
  service: { summary: 'run as a service: service install|uninstall|status [--config FILE] [--print]', load: () => import('./commands/service.js') },
  events: { summary: 'list decisions and writes: events [--since DATE] [--address A] [--json] | events --run ID', load: () => import('./commands/events.js') },
  send: { summary: 'send a campaign: send --campaign NAME [--dry-run] [--limit N] [--json]', load: () => import('./commands/send.js') },
  review: { summary: 'act on held events: review [--json] | review --approve GROUP|--approve-event ID [--dry-run] | review --dismiss GROUP|--dismiss-event ID [--dry-run]', load: () => import('./commands/review.js') },
  undo: { summary: 'restore what a run changed, where still as it left it: undo --run ID [--dry-run] (--dry-run: list the values, write nothing)', load: () => import('./commands/undo.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `usage: bouncesync <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`bouncesync: unknown command "${name}".\n${usage()}`);
    return 2;
  }
  // `bouncesync CMD --help` prints the command's line (send prints a fuller help of its own).
  if (name !== 'send' && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`bouncesync ${name}: ${command.summary}\n`);
    return 0;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (err) {
    // A misspelt or missing option is a usage error, not a crash: say which, and how to call.
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS_')) throw err;
    process.stderr.write(`bouncesync ${name}: ${(err as Error).message}\nbouncesync ${name}: ${command.summary}\n`);
    return 2;
  }
}

// A reader that stops early (`bouncesync events | head`) closes the pipe: that is the end of the
// output, not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // A BounceError already says what to do; anything else is a bug worth a stack (without the
    // values of a failed statement: addresses, bounce text).
    if (isBounceError(err)) process.stderr.write(`bouncesync: ${err.code}: ${err.message}\n`);
    else process.stderr.write(`bouncesync: unexpected error: ${unexpected(err)}\n`);
    // Exit 2 for a wrong command line, as every command's own usage checks do; 1 for a failure.
    process.exitCode = isBounceError(err) && err.usage ? 2 : 1;
  },
);
