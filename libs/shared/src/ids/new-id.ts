import { randomBytes } from 'node:crypto';

/** Type prefixes of public ids, so an id says what it names (`key_…`, `req_…`). */
export type IdPrefix =
  | 'usr'
  | 'idn'
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
  | 'prc';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text of the given length (rejection sampling, so every character is equally likely). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** A new prefixed id with 128 bits of randomness, e.g. `tnt_3x9Lk…`. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(22)}`;
}
