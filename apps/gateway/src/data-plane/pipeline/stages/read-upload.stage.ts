import { Inject, Injectable } from '@nestjs/common';
import busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../../config';
import type { RequestContext, UploadedFile } from '../request-context';
import type { Stage } from '../stage';

/**
 * Reads a multipart upload (audio transcription) after the key is known: fields into memory, each
 * file streamed to a temporary file, so a 25 MB recording never sits in memory. The model to
 * route is one of the fields, which is why the whole body must be read before routing.
 */
@Injectable()
export class ReadUploadStage implements Stage {
  readonly name = 'read-upload';
  private readonly directory = join(tmpdir(), 'llmguard-uploads');

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {}

  async run(context: RequestContext): Promise<void> {
    const pending = context.pendingUpload;
    if (!pending) return;
    await mkdir(this.directory, { recursive: true });
    const fields: Record<string, string> = {};
    const files: UploadedFile[] = [];
    context.cleanups.push(() =>
      Promise.all(files.map((file) => rm(file.path, { force: true }))).then(() => undefined),
    );
    const parser = busboy({
      headers: { 'content-type': pending.contentType },
      limits: { fileSize: this.env.MAX_UPLOAD_BYTES, files: 4, fields: 64, fieldSize: 64 * 1024 },
    });
    const writes: Promise<void>[] = [];
    let tooLarge = false;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const path = join(this.directory, `${context.requestId}-${files.length}`);
      const file: UploadedFile = {
        field: name,
        path,
        filename: info.filename || 'upload',
        mimeType: info.mimeType,
      };
      files.push(file);
      stream.on('limit', () => {
        tooLarge = true;
      });
      writes.push(pipeline(stream, createWriteStream(path)));
    });
    try {
      await pipeline(pending.stream, parser);
      await Promise.all(writes);
    } catch (error) {
      throw new GatewayError('invalid_request', {
        publicMessage: 'The multipart body could not be read.',
        internalMessage: String(error),
      });
    }
    if (tooLarge) {
      throw new GatewayError('payload_too_large', {
        publicMessage: `The uploaded file is larger than the ${this.env.MAX_UPLOAD_BYTES}-byte limit.`,
        param: 'file',
      });
    }
    context.upload = { fields, files };
    context.model = fields.model ?? '';
    context.endUser = fields.user ?? context.endUser;
  }
}
