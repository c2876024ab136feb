import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { oneLine } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Decoded } from '../core/types.js';
import type { Chunk, WorkerOptions } from './worker.js';

// Decoding on worker threads, so the agent's own thread is free to fetch, record and move mail
// while messages are decoded; and so a message that hangs the decoder or exhausts its memory
// costs a thread (restarted), never the agent. Such a message comes back as kind "error" and
// goes the way of any undecodable message: quarantine.
// The decoder itself is loaded here only if the pool has to decode on this thread (see close()):
// a caller that hands all decoding to the threads never pays for loading it twice.

export interface PoolOptions {
  workers: number;            // threads; see workerCount()
  timeoutMs: number;          // one message taking longer than this is given up
  maxMemoryMb?: number;       // a thread's heap limit (default 512)
  maxBytes?: number;          // the decoder's size limit (default the decoder's own)
  script?: URL;               // the compiled worker (default ./worker.js beside this file)
  log?: Logger;
}

interface Task { id: number; raws: Buffer[]; resolve: (d: Decoded[]) => void }
interface Slot { worker: Worker; task: Task | null; timer: NodeJS.Timeout | null }

const MAX_CHUNK = 50;         // messages per hand-over: few enough that both threads share a batch

/** "auto": one thread per core left over by the agent's own thread (at least one, at most four). */
export function workerCount(setting: number | 'auto'): number {
  return setting === 'auto' ? Math.max(1, Math.min(4, availableParallelism() - 1)) : setting;
}

export class DecodePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  /**
   * A pool, or null where threads cannot run the decoder: no compiled worker beside this file
   * (running from the TypeScript sources, as the tests do) or workers set to 0.
   */
  static create(o: PoolOptions): DecodePool | null {
    const script = o.script ?? new URL('./worker.js', import.meta.url);
    if (o.workers < 1 || !existsSync(fileURLToPath(script))) return null;
    return new DecodePool(script, o);
  }

  private constructor(private readonly script: URL, private readonly o: PoolOptions) {
    for (let i = 0; i < o.workers; i++) {
      const slot = { task: null, timer: null } as unknown as Slot;
      this.spawn(slot);
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Decodes in order; never rejects (a message the pool gave up on is kind "error"). */
  async decodeMany(raws: Buffer[]): Promise<Decoded[]> {
    if (raws.length === 0) return [];
    const size = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(raws.length / this.slots.length)));
    const parts: Promise<Decoded[]>[] = [];
    for (let i = 0; i < raws.length; i += size) parts.push(this.submit(raws.slice(i, i + size)));
    return (await Promise.all(parts)).flat();
  }

  /** Work still queued or in hand is decoded here instead: a stop never turns mail into "undecodable". */
  async close(): Promise<void> {
    this.closed = true;
    const left = [...this.queue.splice(0), ...this.slots.flatMap((s) => (s.task ? [s.task] : []))];
    await Promise.all(this.slots.map((s) => {
      if (s.timer) clearTimeout(s.timer);
      s.task = null;
      return s.worker.terminate();
    }));
    for (const t of left) t.resolve(await this.decodeHere(t.raws));
  }

  private async decodeHere(raws: Buffer[]): Promise<Decoded[]> {
    const { decode } = await import('./index.js');
    return raws.map((r) => decode(r, { maxBytes: this.o.maxBytes }));
  }

  private submit(raws: Buffer[], front = false): Promise<Decoded[]> {
    if (this.closed) return this.decodeHere(raws);
    return new Promise((resolve) => {
      const task = { id: this.nextId++, raws, resolve };
      if (front) this.queue.unshift(task);
      else this.queue.push(task);
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      const task = slot.task ? undefined : this.queue.shift();
      if (!task) continue;
      slot.task = task;
      // The chunk packed into one buffer of our own, handed over without a second copy (a fetched
      // message is often a view into a larger buffer, which structured cloning would copy whole).
      const packed = new Uint8Array(task.raws.reduce((n, r) => n + r.length, 0));
      const ends: number[] = [];
      for (const r of task.raws) {
        packed.set(r, ends.length ? ends[ends.length - 1] : 0);
        ends.push((ends.length ? ends[ends.length - 1] : 0) + r.length);
      }
      slot.worker.ref(); // an idle pool never keeps the process alive; a busy one does
      slot.worker.postMessage({ id: task.id, packed, ends } satisfies Chunk, [packed.buffer]);
      slot.timer = setTimeout(() => this.giveUp(slot, `decoding took longer than ${Math.round(this.o.timeoutMs / 1000)} s`), this.o.timeoutMs);
    }
  }

  private spawn(slot: Slot): void {
    const workerData: WorkerOptions = { maxBytes: this.o.maxBytes };
    const worker = new Worker(this.script, { workerData, resourceLimits: { maxOldGenerationSizeMb: this.o.maxMemoryMb ?? 512 } });
    slot.worker = worker;
    worker.unref();
    worker.on('message', (m: { id: number; decoded: Decoded[] }) => {
      const task = slot.task;
      if (slot.worker !== worker || !task || task.id !== m.id) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.task = null;
      slot.timer = null;
      worker.unref();
      task.resolve(m.decoded);
      this.pump();
    });
    worker.on('error', (e) => { if (slot.worker === worker) this.giveUp(slot, `the decoder failed: ${oneLine(e)}`); });
    worker.on('exit', () => { if (slot.worker === worker && !this.closed) this.giveUp(slot, 'the decoder thread stopped'); });
  }

  /**
   * The thread is ended and replaced. A single message is given up as kind "error"; a chunk is
   * tried again one message at a time, so only the message at fault is given up.
   */
  private giveUp(slot: Slot, why: string): void {
    const task = slot.task;
    const old = slot.worker;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = null;
    slot.timer = null;
    if (this.closed) return;
    this.spawn(slot);
    void old.terminate();
    if (task) {
      this.o.log?.warn({ messages: task.raws.length, why }, task.raws.length > 1 ? 'decoder thread restarted; retrying its messages one by one' : 'decoder thread restarted; message given up');
      if (task.raws.length === 1) task.resolve([failed(why)]);
      else void Promise.all(task.raws.map((r) => this.submit([r], true))).then((d) => task.resolve(d.flat()));
    }
    this.pump();
  }
}

function failed(why: string): Decoded {
  return { kind: 'error', recipients: [], messageId: null, originalMessageId: null, token: null, error: why };
}
