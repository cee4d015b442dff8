import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, solidPng } from './png.js';

type Chunk = { type: string; data: Buffer; crcOk: boolean };

function chunks(png: Buffer): Chunk[] {
  const out: Chunk[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    out.push({
      type: typeAndData.subarray(0, 4).toString('latin1'),
      data: typeAndData.subarray(4),
      crcOk: png.readUInt32BE(at + 8 + length) === zlibCrc32(typeAndData),
    });
    at += 12 + length;
  }
  return out;
}

describe('png', () => {
  it('computes CRC-32 like zlib', () => {
    for (const text of ['', 'IEND', 'The quick brown fox']) {
      expect(crc32(Buffer.from(text))).toBe(zlibCrc32(Buffer.from(text)));
    }
  });

  it('encodes a valid solid-colour RGB image', () => {
    const png = solidPng(8, 8, [12, 200, 77]);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const parts = chunks(png);
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(parts.every((c) => c.crcOk)).toBe(true);
    const ihdr = parts[0]?.data ?? Buffer.alloc(0);
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([8, 8, 8, 2]);
    const pixels = inflateSync(parts[1]?.data ?? Buffer.alloc(0));
    expect(pixels).toHaveLength(8 * (1 + 8 * 3));
    const row = Buffer.from([0, ...Array.from({ length: 8 }, () => [12, 200, 77]).flat()]);
    expect(pixels.subarray(0, row.length)).toEqual(row);
    expect(pixels.subarray(7 * row.length)).toEqual(row);
  });
});
