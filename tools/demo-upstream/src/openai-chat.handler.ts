// POST /v1/chat/completions: JSON or SSE, text or a tool call, usage from the tokenizer.
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { newId } from './ids.js';
import {
  DONE,
  nowSeconds,
  openAiUsage,
  SYSTEM_FINGERPRINT,
  wantsStreamUsage,
  type OpenAiFinishReason,
} from './openai-wire.js';
import { outputTokens, textPlan, toolPlan, type OutputPlan } from './output-plan.js';
import { lastUserText } from './prompt-text.js';
import { optionalMaxTokens, reject, requireMessages, requireModel } from './request-checks.js';
import { sseData } from './sse.js';
import { runStream, waitForReply } from './streaming.js';
import { buildToolCall, chooseOpenAiTool } from './tool-call.js';
import { countOpenAiChatPrompt } from './usage.js';

function finishReason(plan: OutputPlan): OpenAiFinishReason {
  if (plan.truncated) return 'length';
  return plan.kind === 'tool' ? 'tool_calls' : 'stop';
}

function assistantMessage(plan: OutputPlan): object {
  if (plan.kind === 'text')
    return { role: 'assistant', content: plan.pieces.join(''), refusal: null, annotations: [] };
  const { id, name } = plan.call;
  const call = { id, type: 'function', function: { name, arguments: plan.pieces.join('') } };
  return { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [call] };
}

export async function chatCompletions(ex: Exchange): Promise<void> {
  const { body } = ex;
  const model = requireModel(body, 'openai');
  if (!model.ok) return reject(ex, 'openai', model);
  const messages = requireMessages(body, 'openai');
  if (!messages.ok) return reject(ex, 'openai', messages);
  const cap = optionalMaxTokens(body, ['max_completion_tokens', 'max_tokens']);
  if (!cap.ok) return reject(ex, 'openai', cap);

  const tool = chooseOpenAiTool(body);
  const plan = tool
    ? toolPlan(buildToolCall(tool, 'call_'), cap.value)
    : textPlan(
        { userText: lastUserText(messages.value, 'openai'), promptKey: JSON.stringify(messages.value) },
        ex.knobs.tokens,
        cap.value,
      );
  const promptTokens = countOpenAiChatPrompt(body);
  ex.state.stats.promptTokens += promptTokens;
  const id = newId('chatcmpl-');
  const created = nowSeconds();
  const usage = (): object => openAiUsage(promptTokens, outputTokens(plan));

  if (body.stream !== true) {
    if (!(await waitForReply(ex, outputTokens(plan)))) return;
    sendJson(
      ex.res,
      200,
      {
        id,
        object: 'chat.completion',
        created,
        model: model.value,
        choices: [
          { index: 0, message: assistantMessage(plan), logprobs: null, finish_reason: finishReason(plan) },
        ],
        usage: usage(),
        service_tier: 'default',
        system_fingerprint: SYSTEM_FINGERPRINT,
      },
      { 'x-request-id': id },
    );
    return;
  }

  const includeUsage = wantsStreamUsage(body.stream_options);
  const base = {
    id,
    object: 'chat.completion.chunk',
    created,
    model: model.value,
    service_tier: 'default',
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  // With include_usage every chunk carries "usage": null until the final usage chunk, as OpenAI's do.
  const chunk = (delta: object, finish: OpenAiFinishReason | null = null): string =>
    sseData(
      JSON.stringify({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(includeUsage ? { usage: null } : {}),
      }),
    );
  const roleChunk = chunk({ role: 'assistant', content: '', refusal: null });
  let roleSent = false;

  await runStream(ex, {
    headers: { 'x-request-id': id },
    // A tool call's first step is its header (id + name); then one step per arguments token.
    steps: plan.kind === 'tool' ? plan.pieces.length + 1 : plan.pieces.length,
    emit: async (i, sse) => {
      if (plan.kind === 'tool') {
        if (i === 0) {
          const { id: callId, name, nameTokens } = plan.call;
          const header = { index: 0, id: callId, type: 'function', function: { name, arguments: '' } };
          return sse.send(
            chunk({ role: 'assistant', content: null, refusal: null, tool_calls: [header] }),
            nameTokens,
          );
        }
        return sse.send(
          chunk({ tool_calls: [{ index: 0, function: { arguments: plan.pieces[i - 1] ?? '' } }] }),
          1,
        );
      }
      if (!roleSent) {
        roleSent = true;
        if (!(await sse.send(roleChunk))) return false;
      }
      return sse.send(chunk({ content: plan.pieces[i] ?? '' }), 1);
    },
    finish: async (sse) => {
      if (plan.kind === 'text' && !roleSent && !(await sse.send(roleChunk))) return;
      if (!(await sse.send(chunk({}, finishReason(plan))))) return;
      if (
        includeUsage &&
        !(await sse.send(sseData(JSON.stringify({ ...base, choices: [], usage: usage() }))))
      )
        return;
      sse.end(DONE);
    },
  });
}
