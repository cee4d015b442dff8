import { describe, expect, it } from 'vitest';
import { deployment, fakeLoad, request, route } from './__fixtures__/routing';
import { HashRing } from './hash-ring';
import { PrefixAffinityStrategy } from './prefix-affinity.strategy';

const replicas = ['r1', 'r2', 'r3', 'r4'].map((name) => deployment(name));
const affinity = route('prefix_affinity', replicas);
const chat = (system: string, question = 'q') => ({
  body: {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: question },
    ],
  },
});

describe('prefix_affinity', () => {
  it('sends requests that share a prompt prefix to one replica, and spreads different prefixes', () => {
    const strategy = new PrefixAffinityStrategy(fakeLoad());
    const owners: Record<string, number> = {};
    for (let app = 0; app < 400; app += 1) {
      const system = `System prompt of app ${app}. `.repeat(30);
      const picks = new Set(
        ['a', 'b', 'c'].map(
          (q) => strategy.order([...replicas], affinity, request(chat(system, q)))[0]?.name,
        ),
      );
      expect(picks.size).toBe(1);
      const [owner] = picks;
      owners[owner ?? ''] = (owners[owner ?? ''] ?? 0) + 1;
    }
    // 160 points per replica: each owns about a quarter of the keys.
    for (const replica of replicas) {
      expect(owners[replica.name]).toBeGreaterThan(70);
      expect(owners[replica.name]).toBeLessThan(130);
    }
  });

  it('falls back along the ring, and spills to the next replica when the owner is over the load bound', () => {
    const system = 'A shared system prompt. '.repeat(50);
    const idle = new PrefixAffinityStrategy(fakeLoad()).order([...replicas], affinity, request(chat(system)));
    const [owner, next] = idle.map((d) => d.name);
    expect(new Set(idle).size).toBe(4);
    // ceil(1.25 × (4 in flight + 1) / 4) = 2: the owner holding 4 is over it, the next one on the ring is not.
    const busy = new PrefixAffinityStrategy(fakeLoad({ [owner!]: 4 }));
    const spilled = busy.order([...replicas], affinity, request(chat(system))).map((d) => d.name);
    expect(spilled[0]).toBe(next);
    expect(spilled.at(-1)).toBe(owner);
    // With loadFactor 4 the bound is ceil(4 × 5 / 4) = 5: the owner, holding 4, keeps its key.
    const loose = route('prefix_affinity', replicas, { prefixAffinity: { loadFactor: 4 } });
    expect(busy.order([...replicas], loose, request(chat(system)))[0]?.name).toBe(owner);
  });

  it('walks only the available deployments it is given, in ring order', () => {
    const system = 'Another prompt. '.repeat(40);
    const strategy = new PrefixAffinityStrategy(fakeLoad());
    const all = strategy.order([...replicas], affinity, request(chat(system))).map((d) => d.name);
    const withoutOwner = replicas.filter((d) => d.name !== all[0]);
    const order = strategy.order(withoutOwner, affinity, request(chat(system))).map((d) => d.name);
    expect(order).toEqual(all.slice(1));
  });
});

describe('HashRing', () => {
  it('moves only the keys of a removed member', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const full = new HashRing(ids, (id) => id);
    const without = new HashRing(['a', 'b', 'c', 'e'], (id) => id);
    for (let key = 0; key < 2 ** 32; key += 9_999_991) {
      const before = full.walk(key, ids)[0];
      const after = without.walk(key, ['a', 'b', 'c', 'e'])[0];
      if (before !== 'd') expect(after).toBe(before);
    }
  });
});
