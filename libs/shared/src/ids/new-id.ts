import { randomFillSync } from 'node:crypto';

/** Type prefixes of public ids, so an id says what it names (`key_…`, `req_…`). */
export type IdPrefix =
  | 'usr'
  | 'idn'
  | 'sso'
  | 'tnt'
  | 'mem'
  | 'inv'
  | 'key'
  | 'pol'
  | 'rte'
  | 'dep'
  | 'req'
  | 'evt'
  | 'aud'
  | 'sce'
  | 'obx'
  | 'prc'
  | 'sbn'
  | 'ivc';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// Random bytes are drawn in blocks: one randomFillSync per 4 KiB instead of one per id, since the gateway makes an
// id for every request. The block is never reused: each byte is read once.
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomByte(): number {
  if (poolOffset === POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

/** Random base62 text of the given length (rejection sampling, so every character is equally likely). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** A new prefixed id with 128 bits of randomness, e.g. `tnt_3x9Lk…`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(22)}`;
}
