import { hashString } from './hash';

/** Points per member: enough that four members split the ring within a few percent of a quarter each. */
const POINTS_PER_MEMBER = 160;

/**
 * A consistent-hash ring (Karger et al.): each member owns POINTS_PER_MEMBER pseudo-random points, and a key belongs
 * to the member of the first point at or after the key's hash, walking clockwise. Adding or removing a member moves
 * only the keys of its own points. Built once per route version; a lookup is a binary search.
 */
export class HashRing<T> {
  private readonly points: Uint32Array;
  /** owners[i] is the index in `members` of the member that owns points[i]. */
  private readonly owners: Uint16Array;

  constructor(
    private readonly members: readonly T[],
    idOf: (member: T) => string,
  ) {
    const placed: { point: number; owner: number }[] = [];
    members.forEach((member, owner) => {
      const id = idOf(member);
      for (let replica = 0; replica < POINTS_PER_MEMBER; replica += 1) {
        placed.push({ point: hashString(`${id}#${replica}`), owner });
      }
    });
    placed.sort((a, b) => a.point - b.point || a.owner - b.owner);
    this.points = Uint32Array.from(placed, (entry) => entry.point);
    this.owners = Uint16Array.from(placed, (entry) => entry.owner);
  }

  /**
   * The members of `among` (each once) in the order the ring meets them walking clockwise from `key`: the first
   * owns the key, the next is where the key goes when the first cannot take it, and so on.
   */
  walk(key: number, among: readonly T[]): T[] {
    const found: T[] = [];
    const size = this.points.length;
    const start = this.firstPointAtOrAfter(key);
    for (let step = 0; step < size && found.length < among.length; step += 1) {
      const member = this.members[this.owners[(start + step) % size] ?? 0] as T;
      if (among.includes(member) && !found.includes(member)) found.push(member);
    }
    return found;
  }

  private firstPointAtOrAfter(key: number): number {
    let low = 0;
    let high = this.points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.points[middle] ?? 0) < key) low = middle + 1;
      else high = middle;
    }
    return low === this.points.length ? 0 : low;
  }
}
