import { describe, expect, it } from 'vitest';
import { compileTermFilter } from './term-filter';

const terms = (filter: ReturnType<typeof compileTermFilter>, text: string) =>
  filter?.find(text).map((hit) => [text.slice(hit.start, hit.end), hit.term]);

describe('compileTermFilter', () => {
  it('matches whole words and phrases, case-insensitively, with * inside words', () => {
    const filter = compileTermFilter(['project falcon', 'hack*', 'kill'], []);
    expect(terms(filter, 'Project  FALCON: the hacker will kill it; skill and killer are fine')).toEqual([
      ['Project  FALCON', 'project falcon'],
      ['hacker', 'hack*'],
      ['kill', 'kill'],
    ]);
  });

  it('skips hits inside an allowed phrase', () => {
    const filter = compileTermFilter(['kill'], ['kill the process']);
    expect(terms(filter, 'Kill the process, then kill time.')).toEqual([['kill', 'kill']]);
  });

  it('treats list entries as literal text, not regular expressions', () => {
    const filter = compileTermFilter(['a.b'], []);
    expect(terms(filter, 'axb a.b')).toEqual([['a.b', 'a.b']]);
    expect(compileTermFilter([], ['x'])).toBeUndefined();
  });
});
