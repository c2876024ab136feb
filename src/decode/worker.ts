// A decoding thread for DecodePool: receives chunks of raw messages, answers with their Decoded.
// decode() never throws, so a chunk always comes back whole; a message that hangs or exhausts
// this thread's memory is the pool's to handle (it ends the thread).
import { parentPort, workerData } from 'node:worker_threads';
import { decode } from './index.js';

/** Messages packed end to end in one buffer; ends[i] is where message i stops. */
export interface Chunk { id: number; packed: Uint8Array; ends: number[] }
/** What the pool tells each thread when it starts it. */
export interface WorkerOptions { maxBytes?: number }

const options = (workerData ?? {}) as WorkerOptions;

parentPort?.on('message', (chunk: Chunk) => {
  const b = Buffer.from(chunk.packed.buffer, chunk.packed.byteOffset, chunk.packed.byteLength);
  const decoded = chunk.ends.map((end, i) => decode(b.subarray(i ? chunk.ends[i - 1] : 0, end), { maxBytes: options.maxBytes }));
  parentPort?.postMessage({ id: chunk.id, decoded });
});
