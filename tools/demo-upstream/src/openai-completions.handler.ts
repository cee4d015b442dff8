// POST /v1/completions (legacy text completions): JSON or SSE. Array prompts are counted in full
// but answered with a single choice about the first prompt (no `n`, `echo`, `suffix`, `logprobs`).
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { newId } from './ids.js';
import { asArray } from './json.js';
import { DONE, nowSeconds, openAiUsage, SYSTEM_FINGERPRINT, wantsStreamUsage } from './openai-wire.js';
import { textPlan } from './output-plan.js';
import { optionalMaxTokens, reject, requireModel } from './request-checks.js';
import { sseData } from './sse.js';
import { runStream, waitForReply } from './streaming.js';
import { countPlainInput } from './usage.js';

const isTokenArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'number');

function validPrompt(prompt: unknown): boolean {
  if (typeof prompt === 'string') return true;
  const items = asArray(prompt);
  if (!items || items.length === 0) return false;
  return isTokenArray(items) || items.every((x) => typeof x === 'string' || isTokenArray(x));
}

function firstPromptText(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt;
  const first = asArray(prompt)?.[0];
  return typeof first === 'string' ? first : '';
}

export async function completions(ex: Exchange): Promise<void> {
  const { body } = ex;
  const model = requireModel(body, 'openai');
  if (!model.ok) return reject(ex, 'openai', model);
  if (!validPrompt(body.prompt)) {
    return reject(ex, 'openai', {
      ok: false,
      param: 'prompt',
      message: "'prompt' must be a string, strings, or token arrays",
    });
  }
  const cap = optionalMaxTokens(body, ['max_tokens']);
  if (!cap.ok) return reject(ex, 'openai', cap);

  const plan = textPlan(
    { userText: firstPromptText(body.prompt), promptKey: JSON.stringify(body.prompt) },
    ex.knobs.tokens,
    cap.value,
  );
  const promptTokens = countPlainInput(body.prompt);
  ex.state.stats.promptTokens += promptTokens;
  const id = newId('cmpl-');
  const created = nowSeconds();
  const finish = plan.truncated ? 'length' : 'stop';
  const base = {
    id,
    object: 'text_completion',
    created,
    model: model.value,
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  const usage = (): object => openAiUsage(promptTokens, plan.pieces.length);

  if (body.stream !== true) {
    if (!(await waitForReply(ex, plan.pieces.length))) return;
    const choice = { text: plan.pieces.join(''), index: 0, logprobs: null, finish_reason: finish };
    sendJson(ex.res, 200, { ...base, choices: [choice], usage: usage() }, { 'x-request-id': id });
    return;
  }

  const includeUsage = wantsStreamUsage(body.stream_options);
  const chunk = (text: string, finishReason: string | null): string =>
    sseData(
      JSON.stringify({
        ...base,
        choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }],
        ...(includeUsage ? { usage: null } : {}),
      }),
    );
  await runStream(ex, {
    headers: { 'x-request-id': id },
    steps: plan.pieces.length,
    emit: (i, sse) => sse.send(chunk(plan.pieces[i] ?? '', null), 1),
    finish: async (sse) => {
      if (!(await sse.send(chunk('', finish)))) return;
      if (
        includeUsage &&
        !(await sse.send(sseData(JSON.stringify({ ...base, choices: [], usage: usage() }))))
      )
        return;
      sse.end(DONE);
    },
  });
}
