// A TEST DOUBLE of src/decode/worker.ts for test/decode/pool.test.ts: it decodes with the real
// (built) decoder, except that a message containing HANG-FOREVER never returns (it first creates
// the file named after the marker, if any, so the test knows the thread holds it) and one
// containing CRASH-THE-THREAD throws out of the thread, so the pool's supervision can be tested.
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
const { decode } = await import(new URL('../../../dist/src/decode/index.js', import.meta.url).href);

parentPort.on('message', (chunk) => {
  const b = Buffer.from(chunk.packed.buffer, chunk.packed.byteOffset, chunk.packed.byteLength);
  const raws = chunk.ends.map((end, i) => b.subarray(i ? chunk.ends[i - 1] : 0, end));
  const hang = raws.find((r) => r.includes('HANG-FOREVER'));
  if (hang) {
    const told = /HANG-FOREVER (\S+)/.exec(hang.toString('latin1'))?.[1];
    if (told) writeFileSync(told, '');
    for (;;);
  }
  if (raws.some((r) => r.includes('CRASH-THE-THREAD'))) throw new Error('thread crashed on purpose');
  parentPort.postMessage({ id: chunk.id, decoded: raws.map((r) => decode(r)) });
});
