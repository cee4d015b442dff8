import { describe, expect, it } from 'vitest';
import { scoreOf } from './injection-classifier';

describe('scoreOf', () => {
  it('takes the highest probability of the injection class over the results', () => {
    const body = { data: [{ probs: [0.9, 0.1] }, { probs: [0.2, 0.8] }] };
    expect(scoreOf(body, 1)).toEqual({ score: 0.8 });
    expect(scoreOf(body, 0)).toEqual({ score: 0.9 });
  });

  it('gives nothing for an answer without usable probabilities', () => {
    expect(scoreOf('not an object', 1)).toBeUndefined();
    expect(scoreOf(null, 1)).toBeUndefined();
    expect(scoreOf({ data: [] }, 1)).toBeUndefined();
    expect(scoreOf({ data: [{ probs: [1] }] }, 1)).toBeUndefined();
    expect(scoreOf({ data: [{ probs: [0, 7] }] }, 1)).toBeUndefined();
  });
});
