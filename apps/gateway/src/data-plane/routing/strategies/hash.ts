// 32-bit string hashing for routing decisions (ring positions, sticky users, prompt prefixes): FNV-1a over UTF-16
// code units, finished with MurmurHash3's fmix32 so that similar inputs ("dep_a#1", "dep_a#2") land far apart.
// Not cryptographic, and needs none: it only spreads keys. Incremental, so a prompt is hashed without joining it.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Starts a hash; `seed` namespaces it (e.g. by route), so equal strings of two namespaces hash apart. */
export function hashStart(seed = 0): number {
  return (FNV_OFFSET ^ seed) >>> 0;
}

/** Feeds at most `limit` code units of `text` into the state; returns the new state. */
export function hashText(state: number, text: string, limit = text.length): number {
  let hash = state;
  const end = Math.min(limit, text.length);
  for (let index = 0; index < end; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** Feeds one 16-bit separator, so ("ab", "c") and ("a", "bc") hash apart. */
export function hashSeparator(state: number, code: number): number {
  return Math.imul(state ^ (code & 0xffff), FNV_PRIME) >>> 0;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
export function hashFinish(state: number): number {
  let hash = state;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The finished hash of one string. */
export function hashString(text: string, seed = 0): number {
  return hashFinish(hashText(hashStart(seed), text));
}
