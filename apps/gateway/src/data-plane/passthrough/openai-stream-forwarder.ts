import { elapsedMs, type RequestContext } from '../pipeline/request-context';
import { asRecord, collectEscapedText, parseJsonRecord, type StreamForwarder } from './passthrough-adapter';
import { clientAskedForUsage, toMeteredUsage, type OpenAIUsage } from './openai-usage';

const FIRST_TOKEN = /"(?:content|delta|text)":"[^"]|"tool_calls":\[\{/;
// A stream that never sends an event boundary is forwarded as it comes rather than held.
const MAX_CARRY_CHARS = 1 << 20;

/**
 * The fast path for OpenAI-compatible streams: whole events are forwarded as the upstream wrote
 * them, with no per-event parsing. The text is scanned once for the first token (time to first
 * token) and generated text (kept escaped, decoded only if usage never comes); only the rare event
 * holding `"usage":{` is parsed, and dropped again when the client did not ask for usage.
 */
export function createOpenAIStreamForwarder(context: RequestContext): StreamForwarder {
  let carry = '';
  return {
    push(text) {
      // SSE allows CR and CRLF line ends; LF-only is equivalent and lets events split on "\n\n".
      carry += text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
      const boundary = carry.lastIndexOf('\n\n');
      if (boundary < 0) {
        if (carry.length < MAX_CARRY_CHARS) return '';
        const all = carry;
        carry = '';
        return all;
      }
      const complete = carry.slice(0, boundary + 2);
      carry = carry.slice(boundary + 2);
      return meter(complete, context);
    },
    end() {
      const rest = carry;
      carry = '';
      return rest ? meter(rest, context) : '';
    },
  };
}

function meter(events: string, context: RequestContext): string {
  if (context.ttftMs === undefined && FIRST_TOKEN.test(events)) context.ttftMs = elapsedMs(context);
  collectEscapedText(events, context.outputTextEscaped);
  return events.includes('"usage":{') ? meterUsageEvents(events, context) : events;
}

function meterUsageEvents(events: string, context: RequestContext): string {
  const kept: string[] = [];
  for (const event of events.split('\n\n')) {
    if (!event.includes('"usage":{')) {
      kept.push(event);
      continue;
    }
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
      .join('\n');
    const chunk = parseJsonRecord(data);
    // Responses API streams carry usage on the final `response.completed` event's response.
    const usage = chunk.usage ?? asRecord(chunk.response).usage;
    context.usage = toMeteredUsage(usage as OpenAIUsage | undefined);
    context.usageComplete = context.usage.outputTokens !== undefined;
    const usageOnly = Array.isArray(chunk.choices) && chunk.choices.length === 0;
    if (!usageOnly || clientAskedForUsage(context)) kept.push(event);
  }
  return kept.join('\n\n');
}
