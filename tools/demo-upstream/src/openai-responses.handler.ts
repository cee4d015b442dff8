// POST /v1/responses (OpenAI Responses API): JSON, or SSE with the typed events the SDK's
// ResponseStream assembles. Text replies only: tools are echoed but never called.
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { newId } from './ids.js';
import { nowSeconds } from './openai-wire.js';
import { textPlan } from './output-plan.js';
import { lastUserText } from './prompt-text.js';
import { reject, requireModel, type Check } from './request-checks.js';
import { countResponsesInput, responsesMessages } from './responses-input.js';
import {
  messageItem,
  outputTextPart,
  responseObject,
  responsesUsage,
  type ResponseFrame,
  type ResponseStatus,
} from './responses-wire.js';
import { sseEvent, type SseWriter } from './sse.js';
import { runStream, waitForReply } from './streaming.js';

/** The API's floor for max_output_tokens. */
const MIN_OUTPUT_TOKENS = 16;

function maxOutputTokens(value: unknown): Check<number | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_OUTPUT_TOKENS)
    return { ok: true, value };
  const message =
    typeof value === 'number' && Number.isInteger(value)
      ? `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${value} instead.`
      : "Invalid type for 'max_output_tokens': expected an integer.";
  return { ok: false, param: 'max_output_tokens', message };
}

export async function responses(ex: Exchange): Promise<void> {
  const { body } = ex;
  const model = requireModel(body, 'openai');
  if (!model.ok) return reject(ex, 'openai', model);
  const messages = responsesMessages(body);
  if (!messages.ok) return reject(ex, 'openai', messages);
  const cap = maxOutputTokens(body.max_output_tokens);
  if (!cap.ok) return reject(ex, 'openai', cap);
  // Nothing is stored, so every earlier response is unknown, as it would be to the real API.
  if (typeof body.previous_response_id === 'string') {
    const message = `Previous response with id '${body.previous_response_id}' not found.`;
    return reject(ex, 'openai', { ok: false, param: 'previous_response_id', message });
  }

  const plan = textPlan(
    {
      userText: lastUserText(messages.value, 'openai'),
      promptKey: JSON.stringify([body.instructions ?? null, body.input]),
    },
    ex.knobs.tokens,
    cap.value,
  );
  const inputTokens = countResponsesInput(body);
  ex.state.stats.promptTokens += inputTokens;
  const frame: ResponseFrame = {
    id: newId('resp_'),
    itemId: newId('msg_'),
    createdAt: nowSeconds(),
    model: model.value,
    body,
  };
  const status: ResponseStatus = plan.truncated ? 'incomplete' : 'completed';
  const text = plan.pieces.join('');
  const part = outputTextPart(text);
  const item = messageItem(frame.itemId, status, [part]);
  const final = responseObject(frame, status, [item], responsesUsage(inputTokens, plan.pieces.length));
  const headers = { 'x-request-id': frame.id };

  if (body.stream !== true) {
    if (!(await waitForReply(ex, plan.pieces.length))) return;
    sendJson(ex.res, 200, final, headers);
    return;
  }

  let sequence = 0;
  const event = (type: string, fields: object): string =>
    sseEvent(type, JSON.stringify({ type, ...fields, sequence_number: sequence++ }));
  const at = { item_id: frame.itemId, output_index: 0, content_index: 0 };
  let itemOpened = false;
  // The message item and its text part open with the first token, as the API sends them.
  const openItem = async (sse: SseWriter): Promise<boolean> => {
    if (itemOpened) return true;
    itemOpened = true;
    const added = messageItem(frame.itemId, 'in_progress', []);
    if (!(await sse.send(event('response.output_item.added', { output_index: 0, item: added }))))
      return false;
    return sse.send(event('response.content_part.added', { ...at, part: outputTextPart('') }));
  };

  await runStream(ex, {
    headers,
    steps: plan.pieces.length,
    open: async (sse) => {
      const pending = { response: responseObject(frame, 'in_progress', [], null) };
      if (!(await sse.send(event('response.created', pending)))) return false;
      return sse.send(event('response.in_progress', pending));
    },
    emit: async (i, sse) => {
      if (!(await openItem(sse))) return false;
      const delta = { ...at, delta: plan.pieces[i] ?? '', logprobs: [] };
      return sse.send(event('response.output_text.delta', delta), 1);
    },
    finish: async (sse) => {
      if (!(await openItem(sse))) return;
      if (!(await sse.send(event('response.output_text.done', { ...at, text, logprobs: [] })))) return;
      if (!(await sse.send(event('response.content_part.done', { ...at, part })))) return;
      if (!(await sse.send(event('response.output_item.done', { output_index: 0, item })))) return;
      sse.end(
        event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: final }),
      );
    },
  });
}
