import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the model guardrails a tenant routes to: vLLM's classify API ("banana" is malicious) and an
 * OpenAI moderations endpoint ("grenade" is violence). A few rules look at completions only, which the echo upstream
 * starts with "Echo: ", so a prompt passes the input check and its echo meets the output check: an answer about a
 * "detonator" is violence, and one about an "outage" finds the moderation model down (503). Any text with "slow"
 * is answered after a second. It keeps the texts of every moderations request.
 */
export type GuardrailModels = {
  url: string;
  /** The `input` of each moderations request, in order. */
  moderated: string[][];
  close(): Promise<void>;
};

const isCompletion = (text: string) => text.startsWith('Echo: ');

export async function startGuardrailModels(): Promise<GuardrailModels> {
  const moderated: string[][] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const { input } = JSON.parse(text) as { input: string[] };
      const moderation = request.url?.endsWith('/moderations') ?? false;
      if (moderation) moderated.push(input);
      const down = moderation && input.some((item) => isCompletion(item) && item.includes('outage'));
      const answer = moderation ? moderationsAnswer(input) : classifyAnswer(input);
      const send = () =>
        down
          ? response.writeHead(503).end('moderation is down')
          : response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      if (input.some((item) => item.includes('slow'))) setTimeout(send, 1_000);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    moderated,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function moderationsAnswer(input: string[]) {
  return {
    results: input.map((item) => {
      const violence = item.includes('grenade') || (isCompletion(item) && item.includes('detonator'));
      return { flagged: violence, categories: { violence } };
    }),
  };
}

function classifyAnswer(input: string[]) {
  return {
    data: input.map((item, index) => ({
      index,
      probs: item.includes('banana') ? [0.03, 0.97] : [0.99, 0.01],
    })),
  };
}
