import type { Failure } from '../core/types.js';
import type { Mail } from './mail.js';

/**
 * One decoder: a mail-system family, or a report format. `decode` returns the recipients it
 * found; an empty array means "not mine" (never an exception, never a guess). Decoders must
 * not throw: the pipeline catches anything that escapes, but treats it as a bug.
 */
export interface Decoder {
  name: string;
  decode(mail: Mail): Failure[];
}
