// Field checks shared by the handlers; failures become 400s in the dialect of the endpoint.
import { sendError, type Dialect } from './errors.js';
import type { Exchange } from './exchange.js';
import { asArray, isObject, isPositiveInteger, type JsonObject } from './json.js';

export type Invalid = { ok: false; param: string; message: string };
export type Check<T> = { ok: true; value: T } | Invalid;

const invalid = (param: string, message: string): Invalid => ({ ok: false, param, message });

export function requireModel(body: JsonObject, dialect: Dialect): Check<string> {
  if (typeof body.model === 'string' && body.model !== '') return { ok: true, value: body.model };
  return invalid(
    'model',
    dialect === 'anthropic' ? 'model: Field required' : 'you must provide a model parameter',
  );
}

export function requireMessages(body: JsonObject, dialect: Dialect): Check<readonly JsonObject[]> {
  const messages = asArray(body.messages);
  if (!messages || messages.length === 0) {
    return invalid(
      'messages',
      dialect === 'anthropic' ? 'messages: Field required' : "'messages' must be a non-empty array",
    );
  }
  const ok = messages.every((m) => isObject(m) && typeof m.role === 'string');
  if (!ok) return invalid('messages', 'every message must be an object with a string "role"');
  return { ok: true, value: messages.filter(isObject) };
}

/** The first of `fields` that is set; it must be a positive integer. Undefined when none is set. */
export function optionalMaxTokens(body: JsonObject, fields: readonly string[]): Check<number | undefined> {
  for (const field of fields) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (!isPositiveInteger(value)) return invalid(field, `'${field}' must be an integer of at least 1`);
    return { ok: true, value };
  }
  return { ok: true, value: undefined };
}

export function reject(ex: Exchange, dialect: Dialect, problem: Invalid): void {
  ex.state.stats.badRequests += 1;
  sendError(ex.res, dialect, 400, problem.message, { param: problem.param });
}
