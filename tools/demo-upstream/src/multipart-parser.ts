// A push parser for multipart/form-data (RFC 7578) that never holds more than one chunk plus a
// delimiter's worth of bytes: part bodies are handed to a sink as they arrive, so a large upload
// can be hashed without being buffered. It covers what HTTP clients send (the openai SDK's
// FormData via undici, curl -F, browsers): CRLF line ends, quoted or bare parameters, a preamble
// and an epilogue. Transfer encodings inside parts and nested multiparts are not supported.

export type PartInfo = {
  name: string;
  /** Set (possibly to "") when the part is a file upload; null for a plain field. */
  filename: string | null;
  contentType: string | null;
};

export type PartSink = {
  data(chunk: Buffer): void;
  end(): void;
};

export type MultipartParser = {
  /** Feeds the next chunk; returns an error message once the body is malformed, else null. */
  write(chunk: Buffer): string | null;
  /** Call when the body has ended; returns an error message if the closing boundary was missing. */
  finish(): string | null;
};

type State = 'preamble' | 'after-boundary' | 'headers' | 'body' | 'done';

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_BOUNDARY_LINE = 1024;
const EMPTY = Buffer.alloc(0);

/** The boundary of a `multipart/form-data; boundary=...` content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 70 ? boundary : null;
}

/** `name="x"; filename="y"` parameters of a header value, with quoted-string escapes undone. */
function headerParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const m of value.matchAll(/;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g)) {
    const key = (m[1] ?? '').toLowerCase();
    params.set(key, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  }
  return params;
}

function parsePartHeaders(block: string): PartInfo | null {
  let disposition: string | null = null;
  let contentType: string | null = null;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-disposition') disposition = value;
    else if (name === 'content-type') contentType = value;
  }
  if (disposition === null || !/^form-data\s*(;|$)/i.test(disposition)) return null;
  const params = headerParams(disposition);
  const name = params.get('name');
  if (name === undefined) return null;
  return { name, filename: params.get('filename') ?? null, contentType };
}

export function createMultipartParser(
  boundary: string,
  onPart: (info: PartInfo) => PartSink,
): MultipartParser {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The first boundary has no CRLF before it; starting with one lets a single search find them all.
  let pending: Buffer = CRLF;
  let state: State = 'preamble';
  let sink: PartSink | null = null;
  let error: string | null = null;

  const fail = (message: string): string => {
    error = message;
    pending = EMPTY;
    return message;
  };

  /** Keeps the bytes that may be the start of a delimiter split across chunks; returns the rest. */
  const holdBack = (): Buffer => {
    const keep = Math.min(pending.length, delimiter.length - 1);
    const ready = pending.subarray(0, pending.length - keep);
    pending = Buffer.from(pending.subarray(pending.length - keep));
    return ready;
  };

  // One transition per call; false when more input is needed.
  function step(): boolean {
    switch (state) {
      case 'preamble': {
        const at = pending.indexOf(delimiter);
        if (at === -1) {
          holdBack();
          return false;
        }
        pending = pending.subarray(at + delimiter.length);
        state = 'after-boundary';
        return true;
      }
      case 'after-boundary': {
        // "--" closes the body; otherwise optional whitespace, then CRLF, then the part's headers.
        if (pending.length < 2) return false;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          state = 'done';
          pending = EMPTY;
          return false;
        }
        const eol = pending.indexOf(CRLF);
        if (eol === -1) {
          if (pending.length > MAX_BOUNDARY_LINE) fail('malformed multipart boundary line');
          return false;
        }
        if (pending.subarray(0, eol).toString('latin1').trim() !== '') {
          fail('malformed multipart boundary line');
          return false;
        }
        pending = pending.subarray(eol + 2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        // A part that starts with the empty line has no headers, hence no name.
        const end = pending.subarray(0, 2).equals(CRLF) ? 0 : pending.indexOf(HEADER_END);
        if (end === -1) {
          if (pending.length > MAX_HEADER_BYTES) fail('multipart part headers are too large');
          return false;
        }
        const info = end === 0 ? null : parsePartHeaders(pending.subarray(0, end).toString('utf8'));
        if (info === null) {
          fail('every multipart part needs a Content-Disposition: form-data header with a name');
          return false;
        }
        pending = pending.subarray(end + HEADER_END.length);
        sink = onPart(info);
        state = 'body';
        return true;
      }
      case 'body': {
        const at = pending.indexOf(delimiter);
        if (at === -1) {
          const ready = holdBack();
          if (ready.length > 0) sink?.data(ready);
          return false;
        }
        if (at > 0) sink?.data(pending.subarray(0, at));
        sink?.end();
        sink = null;
        pending = pending.subarray(at + delimiter.length);
        state = 'after-boundary';
        return true;
      }
      case 'done':
        return false;
    }
  }

  return {
    write(chunk) {
      if (error !== null || state === 'done') return error;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (error === null && step()) {
        /* each step consumes input or changes state */
      }
      return error;
    },
    finish() {
      if (error !== null) return error;
      return state === 'done' ? null : fail('multipart body ended before its closing boundary');
    },
  };
}
