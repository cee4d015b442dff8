// Test helpers: read recorded provider payloads and run them through parsers and encoders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import { GatewayError, type CanonicalStreamEvent } from '@llmguard/shared';
import type { StreamParser, UpstreamSseEvent } from '../provider-adapter';

/** The text of a fixture file in this folder. */
export function fixtureText(name: string): string {
  return readFileSync(join(__dirname, name), 'utf8');
}

/** A `.json` fixture, parsed. */
export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

/** Raw SSE text → events, parsed by the same library the gateway uses. */
export function parseSse(text: string): UpstreamSseEvent[] {
  const events: UpstreamSseEvent[] = [];
  const parser = createParser({
    onEvent: (event) =>
      events.push(event.event ? { event: event.event, data: event.data } : { data: event.data }),
  });
  parser.feed(text);
  return events;
}

/** A `.chunks.txt` fixture (raw SSE) → events. */
export function fixtureSseEvents(name: string): UpstreamSseEvent[] {
  return parseSse(fixtureText(name));
}

/** Feeds every event through one parser and collects the canonical events. */
export function runStreamParser(parser: StreamParser, events: UpstreamSseEvent[]): CanonicalStreamEvent[] {
  return events.flatMap((event) => parser(event));
}

/** A streaming HTTP response with this SSE body, as an SDK would receive it. */
export function sseResponse(text: string): Response {
  return new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** Assembles a canonical stream into text, tool calls and the final usage/finish, for assertions. */
export function assembleStream(events: CanonicalStreamEvent[]) {
  let text = '';
  const toolCalls: Array<{ id: string; name: string; arguments: string }> = [];
  let usage: Extract<CanonicalStreamEvent, { type: 'usage' }>['usage'] | undefined;
  let finish: Extract<CanonicalStreamEvent, { type: 'finish' }> | undefined;
  for (const event of events) {
    if (event.type === 'text-delta') text += event.delta;
    if (event.type === 'tool-call-start')
      toolCalls[event.index] = { id: event.id, name: event.name, arguments: '' };
    if (event.type === 'tool-call-delta') {
      const call = toolCalls[event.index];
      if (call) call.arguments += event.argumentsDelta;
    }
    if (event.type === 'usage') usage = event.usage;
    if (event.type === 'finish') finish = event;
  }
  return { text, toolCalls, usage, finish };
}

/** The error a function throws (fails the test when it returns). */
export function thrownBy(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError to be thrown');
}
