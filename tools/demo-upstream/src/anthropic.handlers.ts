// POST /v1/messages (Anthropic Messages: JSON or SSE, text or tool_use) and
// POST /v1/messages/count_tokens.
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { newId } from './ids.js';
import { outputTokens, textPlan, toolPlan, type OutputPlan } from './output-plan.js';
import { lastUserText } from './prompt-text.js';
import { reject, requireMessages, requireModel } from './request-checks.js';
import { isPositiveInteger } from './json.js';
import { sseEvent } from './sse.js';
import { runStream, waitForReply } from './streaming.js';
import { buildToolCall, chooseAnthropicTool } from './tool-call.js';
import { countAnthropicInput } from './usage.js';

type StopReason = 'end_turn' | 'max_tokens' | 'tool_use';

function stopReason(plan: OutputPlan): StopReason {
  if (plan.truncated) return 'max_tokens';
  return plan.kind === 'tool' ? 'tool_use' : 'end_turn';
}

/** A truncated tool call has unparseable arguments; like the API, report what parses, else {}. */
function toolInput(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return {};
  }
}

function contentBlock(plan: OutputPlan): object {
  if (plan.kind === 'text') return { type: 'text', text: plan.pieces.join('') };
  const { id, name } = plan.call;
  return { type: 'tool_use', id, name, input: toolInput(plan.pieces.join('')) };
}

function usage(inputTokens: number, outputTokens: number): object {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

export async function messages(ex: Exchange): Promise<void> {
  const { body } = ex;
  const model = requireModel(body, 'anthropic');
  if (!model.ok) return reject(ex, 'anthropic', model);
  const msgs = requireMessages(body, 'anthropic');
  if (!msgs.ok) return reject(ex, 'anthropic', msgs);
  if (!isPositiveInteger(body.max_tokens)) {
    const message =
      body.max_tokens === undefined
        ? 'max_tokens: Field required'
        : 'max_tokens: must be an integer of at least 1';
    return reject(ex, 'anthropic', { ok: false, param: 'max_tokens', message });
  }

  const tool = chooseAnthropicTool(body);
  const plan = tool
    ? toolPlan(buildToolCall(tool, 'toolu_'), body.max_tokens)
    : textPlan(
        {
          userText: lastUserText(msgs.value, 'anthropic'),
          promptKey: JSON.stringify([body.system ?? null, msgs.value]),
        },
        ex.knobs.tokens,
        body.max_tokens,
      );
  const inputTokens = countAnthropicInput(body);
  ex.state.stats.promptTokens += inputTokens;
  const id = newId('msg_');
  const stop = stopReason(plan);

  if (body.stream !== true) {
    if (!(await waitForReply(ex, outputTokens(plan)))) return;
    sendJson(
      ex.res,
      200,
      {
        id,
        type: 'message',
        role: 'assistant',
        model: model.value,
        content: [contentBlock(plan)],
        stop_reason: stop,
        stop_sequence: null,
        usage: usage(inputTokens, outputTokens(plan)),
      },
      { 'request-id': id },
    );
    return;
  }

  const ev = (name: string, data: object): string => sseEvent(name, JSON.stringify({ type: name, ...data }));
  const blockStart =
    plan.kind === 'text'
      ? { type: 'text', text: '' }
      : { type: 'tool_use', id: plan.call.id, name: plan.call.name, input: {} };
  await runStream(ex, {
    headers: { 'request-id': id },
    steps: plan.pieces.length,
    // message_start reports output_tokens: 1 as the real API does; message_delta has the total.
    open: async (sse) =>
      (await sse.send(
        ev('message_start', {
          message: {
            id,
            type: 'message',
            role: 'assistant',
            model: model.value,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: usage(inputTokens, 1),
          },
        }),
      )) &&
      (await sse.send(
        ev('content_block_start', { index: 0, content_block: blockStart }),
        plan.kind === 'tool' ? plan.call.nameTokens : 0,
      )) &&
      (await sse.send(ev('ping', {}))),
    emit: (i, sse) => {
      const piece = plan.pieces[i] ?? '';
      const delta =
        plan.kind === 'text'
          ? { type: 'text_delta', text: piece }
          : { type: 'input_json_delta', partial_json: piece };
      return sse.send(ev('content_block_delta', { index: 0, delta }), 1);
    },
    finish: async (sse) => {
      if (!(await sse.send(ev('content_block_stop', { index: 0 })))) return;
      const finalUsage = {
        input_tokens: inputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: outputTokens(plan),
      };
      if (
        !(await sse.send(
          ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: finalUsage }),
        ))
      )
        return;
      sse.end(ev('message_stop', {}));
    },
  });
}

export function countTokens(ex: Exchange): void {
  const model = requireModel(ex.body, 'anthropic');
  if (!model.ok) return reject(ex, 'anthropic', model);
  const msgs = requireMessages(ex.body, 'anthropic');
  if (!msgs.ok) return reject(ex, 'anthropic', msgs);
  sendJson(ex.res, 200, { input_tokens: countAnthropicInput(ex.body) });
}
