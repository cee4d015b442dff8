// Reads a multipart/form-data request: text fields are kept (small), file parts are streamed
// through SHA-256 and counted, never buffered, so an upload costs memory for one chunk only.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BodyFailure } from './http-io.js';
import type { JsonObject } from './json.js';
import { boundaryOf, createMultipartParser, type PartInfo, type PartSink } from './multipart-parser.js';

export type UploadedFile = {
  /** The form field, e.g. "file". */
  field: string;
  filename: string;
  contentType: string | null;
  bytes: number;
  /** Hex SHA-256 of the bytes received. */
  sha256: string;
};

/** Fields are strings; a field sent more than once (e.g. `timestamp_granularities[]`) is an array. */
export type FormResult = { ok: true; body: JsonObject; files: readonly UploadedFile[] } | BodyFailure;

/** All text fields together; files do not count towards it. */
const FIELDS_LIMIT = 1024 * 1024;

export function readFormBody(req: IncomingMessage, limit: number): Promise<FormResult> {
  return new Promise((resolve) => {
    const fields = new Map<string, string[]>();
    const files: UploadedFile[] = [];
    let size = 0;
    let fieldBytes = 0;
    let problem: BodyFailure | null = null;

    const fileSink = (info: PartInfo): PartSink => {
      const hash = createHash('sha256');
      let bytes = 0;
      return {
        data: (chunk) => {
          hash.update(chunk);
          bytes += chunk.length;
        },
        end: () =>
          files.push({
            field: info.name,
            filename: info.filename ?? '',
            contentType: info.contentType,
            bytes,
            sha256: hash.digest('hex'),
          }),
      };
    };
    const fieldSink = (info: PartInfo): PartSink => {
      const chunks: Buffer[] = [];
      return {
        data: (chunk) => {
          fieldBytes += chunk.length;
          if (fieldBytes > FIELDS_LIMIT) {
            problem ??= { ok: false, status: 413, message: `form fields exceed ${FIELDS_LIMIT} bytes` };
          } else chunks.push(chunk);
        },
        end: () => {
          const values = fields.get(info.name) ?? [];
          values.push(Buffer.concat(chunks).toString('utf8'));
          fields.set(info.name, values);
        },
      };
    };

    const boundary = boundaryOf(req.headers['content-type']);
    const parser =
      boundary === null
        ? null
        : createMultipartParser(boundary, (info) => (info.filename === null ? fieldSink : fileSink)(info));
    if (parser === null) {
      problem = {
        ok: false,
        status: 400,
        message: "Invalid Content-Type header: expected 'multipart/form-data' with a boundary.",
      };
    }

    // After a problem the rest of the body is still read (and dropped), so the answer can be sent.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit)
        problem ??= { ok: false, status: 413, message: `request body exceeds ${limit} bytes` };
      if (problem !== null || parser === null) return;
      const error = parser.write(chunk);
      if (error !== null) problem = { ok: false, status: 400, message: error };
    });
    req.on('error', () => resolve({ ok: false, status: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, status: 'aborted' });
    });
    req.on('end', () => {
      const error = problem === null && parser !== null ? parser.finish() : null;
      if (error !== null) problem = { ok: false, status: 400, message: error };
      if (problem !== null) return resolve(problem);
      const body: JsonObject = {};
      for (const [name, values] of fields) body[name] = values.length === 1 ? values[0] : values;
      resolve({ ok: true, body, files });
    });
  });
}
