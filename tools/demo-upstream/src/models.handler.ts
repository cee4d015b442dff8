// GET /v1/models and /v1/models/:id, in OpenAI's shape, or Anthropic's when the client sends
// `anthropic-version` (the Anthropic SDK's models.list() hits the same path).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './errors.js';
import { sendJson } from './http-io.js';

// Fixed, so listings are byte-for-byte deterministic.
const CREATED_AT = 1_735_689_600; // 2025-01-01T00:00:00Z

const isAnthropic = (req: IncomingMessage): boolean => req.headers['anthropic-version'] !== undefined;

function describe(id: string, anthropic: boolean): object {
  return anthropic
    ? { type: 'model', id, display_name: id, created_at: new Date(CREATED_AT * 1000).toISOString() }
    : { id, object: 'model', created: CREATED_AT, owned_by: 'demo-upstream' };
}

export function listModels(req: IncomingMessage, res: ServerResponse, models: readonly string[]): void {
  const anthropic = isAnthropic(req);
  const data = models.map((id) => describe(id, anthropic));
  if (anthropic) {
    sendJson(res, 200, {
      data,
      has_more: false,
      first_id: models[0] ?? null,
      last_id: models[models.length - 1] ?? null,
    });
  } else {
    sendJson(res, 200, { object: 'list', data });
  }
}

export function getModel(
  req: IncomingMessage,
  res: ServerResponse,
  models: readonly string[],
  id: string,
): void {
  const anthropic = isAnthropic(req);
  if (models.includes(id)) return sendJson(res, 200, describe(id, anthropic));
  sendError(res, anthropic ? 'anthropic' : 'openai', 404, `The model '${id}' does not exist`, {
    code: 'model_not_found',
  });
}
