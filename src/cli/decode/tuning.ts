// How V8 compiles the decoder in a `bouncesync decode` process. Over a folder of a few thousand
// messages most of the process's CPU is the decoder warming up in its thread, and a third of it
// (measured from /proc per thread) is V8's optimising compiler on its background threads:
// ~200 functions optimised, the large ones (the DSN reader, the header reader, the reason picker)
// tens of milliseconds each, with every small helper inlined into them. A short batch gains
// little from that work before it ends. So, for this command only:
//   - functions run four times longer in the baseline tiers before they are optimised, so only
//     the ones that stay hot are (an interrupt budget of 4 × V8's default 67,584);
//   - optimised functions call their helpers instead of inlining them: far less to compile.
// Measured (bench/decode/README.md): ~20% less CPU for the whole process over 4,046 messages, and
// no loss over 23,000 (the hot functions are optimised all the same, later). The flags change how
// fast the code runs, never what it computes. They apply to threads started after this call: the
// decoding threads of the pool, or the decoder when it is loaded on this thread.
import { setFlagsFromString } from 'node:v8';

const FLAGS = ['--interrupt-budget=270336', '--no-turbo-inlining'];

let tuned = false;

export function tuneForBatch(): void {
  if (tuned) return;
  tuned = true;
  for (const flag of FLAGS) setFlagsFromString(flag);
}
