// CPU time read from /proc (Linux; elsewhere every figure is null): per thread of this process,
// and per program across the machine, so a bench can say where the CPU of a run went.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const linux = existsSync('/proc/self/task');
const TICK_MS = 10; // USER_HZ = 100 on Linux

function stat(path) {
  const s = readFileSync(path, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { name: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')), self: (Number(f[11]) + Number(f[12])) * TICK_MS, children: (Number(f[13]) + Number(f[14])) * TICK_MS };
}

/** CPU ms of this process's main thread and of all its other threads together. */
export function threadCpu() {
  if (!linux) return null;
  let main = 0, others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const t = stat(`/proc/self/task/${tid}/stat`);
      if (Number(tid) === process.pid) main = t.self; else others += t.self;
    } catch { /* the thread ended */ }
  }
  return { main, others };
}

/** CPU ms per program name across the machine, counting the children each has waited for. */
export function programCpu() {
  if (!linux) return null;
  const out = {};
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const p = stat(`/proc/${pid}/stat`);
      out[p.name] = (out[p.name] ?? 0) + p.self + p.children;
    } catch { /* the process ended */ }
  }
  return out;
}

/**
 * CPU ms the named programs used between two programCpu() readings, summed over the names first:
 * an imap process that ends in between moves its time to its parent's (dovecot's) children.
 */
export function spent(before, after, names) {
  if (!before || !after) return null;
  const sum = (r) => names.reduce((n, name) => n + (r[name] ?? 0), 0);
  return Math.max(0, sum(after) - sum(before));
}
