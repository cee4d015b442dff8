import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageSpool } from './usage-spool';

const newSpool = () => {
  const directory = mkdtempSync(join(tmpdir(), 'usage-spool-'));
  return { directory, spool: new UsageSpool(directory) };
};

describe('UsageSpool', () => {
  it('replays every spooled event once, in the order it was appended', async () => {
    const { spool } = newSpool();
    await spool.append(['1', '2']);
    await spool.append(['3']);
    const published: string[] = [];
    expect(await spool.drain(async (line) => void published.push(line))).toBe(3);
    expect(published).toEqual(['1', '2', '3']);
    expect(await spool.hasPending()).toBe(false);
    expect(await spool.drain(async (line) => void published.push(line))).toBe(0);
  });

  it('keeps the events it could not publish, and replays them first next time', async () => {
    const { spool } = newSpool();
    await spool.append(['1', '2', '3']);
    const published: string[] = [];
    const failOnTwo = async (line: string) => {
      if (line === '2') throw new Error('redis down');
      published.push(line);
    };
    await expect(spool.drain(failOnTwo)).rejects.toThrow('redis down');
    await spool.append(['4']);
    await spool.drain(async (line) => void published.push(line));
    expect(published).toEqual(['1', '2', '3', '4']);
  });

  it('picks up segments left by an earlier process', async () => {
    const { directory, spool } = newSpool();
    await spool.append(['a']);
    const restarted = new UsageSpool(directory);
    expect(await restarted.hasPending()).toBe(true);
    const published: string[] = [];
    await restarted.drain(async (line) => void published.push(line));
    expect(published).toEqual(['a']);
    expect(readdirSync(directory)).toEqual([]);
  });
});
