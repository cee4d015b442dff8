import { describe, expect, it } from 'vitest';
import { boundaryOf, createMultipartParser, type PartInfo } from './multipart-parser.js';

type Part = PartInfo & { body: Buffer };
type Parsed = { parts: Part[]; error: string | null };

/** Parses `body` fed in chunks of `size` bytes. */
function parse(boundary: string, body: Buffer, size: number): Parsed {
  const parts: Part[] = [];
  const parser = createMultipartParser(boundary, (info) => {
    const chunks: Buffer[] = [];
    return {
      data: (chunk) => chunks.push(Buffer.from(chunk)),
      end: () => parts.push({ ...info, body: Buffer.concat(chunks) }),
    };
  });
  let error: string | null = null;
  for (let i = 0; i < body.length && error === null; i += size) {
    error = parser.write(body.subarray(i, i + size));
  }
  return { parts, error: error ?? parser.finish() };
}

/** The body and content type undici (fetch) sends for a FormData, as the openai SDK uses it. */
async function encodeForm(form: FormData): Promise<{ body: Buffer; boundary: string }> {
  const res = new Response(form);
  const boundary = boundaryOf(res.headers.get('content-type') ?? undefined);
  if (boundary === null) throw new Error('no boundary');
  return { body: Buffer.from(await res.arrayBuffer()), boundary };
}

// Bytes that look like the start of a delimiter, to catch matches split across chunks.
const tricky = Buffer.concat([
  Buffer.from('\r\n--\r\n-'),
  Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256)),
  Buffer.from('\r\n'),
]);

describe('multipart parser', () => {
  it('reads what fetch sends for a FormData, whatever the chunking', async () => {
    const form = new FormData();
    form.append('model', 'gpt-4o-mini-transcribe');
    form.append('file', new File([tricky], 'a "quoted" name.wav', { type: 'audio/wav' }));
    form.append('tags[]', 'x');
    form.append('tags[]', 'ünïcode');
    const { body, boundary } = await encodeForm(form);
    for (let size = 1; size <= body.length; size += size < 80 ? 1 : 97) {
      const { parts, error } = parse(boundary, body, size);
      expect(error, `chunk size ${size}`).toBeNull();
      expect(parts.map((p) => [p.name, p.filename])).toEqual([
        ['model', null],
        ['file', 'a %22quoted%22 name.wav'],
        ['tags[]', null],
        ['tags[]', null],
      ]);
      expect(parts[1]?.contentType).toBe('audio/wav');
      expect(parts[1]?.body.equals(tricky), `chunk size ${size}`).toBe(true);
      expect(parts[0]?.body.toString()).toBe('gpt-4o-mini-transcribe');
      expect(parts[3]?.body.toString()).toBe('ünïcode');
    }
  });

  it('ignores a preamble and an epilogue, and reads an empty file', () => {
    const body = Buffer.from(
      'preamble\r\n--b\r\ncontent-disposition: form-data; name=file; filename=""\r\n\r\n' +
        '\r\n--b--\r\nepilogue',
    );
    const { parts, error } = parse('b', body, 3);
    expect(error).toBeNull();
    expect(parts).toEqual([{ name: 'file', filename: '', contentType: null, body: Buffer.alloc(0) }]);
  });

  it('reports malformed bodies', () => {
    const truncated = Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue');
    expect(parse('b', truncated, 5).error).toMatch(/closing boundary/);
    const nameless = Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--');
    expect(parse('b', nameless, 64).error).toMatch(/Content-Disposition/);
    const junk = Buffer.from('--bjunk\r\n');
    expect(parse('b', junk, 64).error).toMatch(/boundary line/);
  });

  it('finds the boundary in a content type', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeNull();
    expect(boundaryOf('multipart/form-data')).toBeNull();
    expect(boundaryOf(undefined)).toBeNull();
  });
});
