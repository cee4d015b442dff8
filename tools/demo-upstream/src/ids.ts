// Response ids: a random per-process prefix plus a counter, so ids never repeat across restarts
// (a gateway may store them under a unique index) yet stay cheap to make.
import { randomBytes } from 'node:crypto';

const processPrefix = randomBytes(6).toString('hex');
let counter = 0;

export function newId(prefix: string): string {
  counter += 1;
  return `${prefix}${processPrefix}${counter.toString(36).padStart(6, '0')}`;
}
