import { GatewayError } from '@llmguard/shared';
import type { UpstreamPool } from '../../../clients/upstream-pool';
import { upstreamUrl } from '../../../clients/upstream-url';
import type { ResolvedDeployment } from '../../catalog/route-catalog';
import { asRecord } from '../../passthrough/passthrough-adapter';

/** What one upstream embeddings call returned: a vector per input, in input order, and the tokens it counted. */
export type EmbeddedBatch = { vectors: Float32Array[]; promptTokens: number | undefined };

/**
 * One `POST /embeddings` to an OpenAI-compatible deployment with the given texts, asking for floats (every
 * OpenAI-compatible server speaks them) and the deployment's own model. Throws on anything but a complete answer
 * with one vector per input.
 */
export async function callUpstreamEmbeddings(
  pool: UpstreamPool,
  deployment: ResolvedDeployment,
  texts: readonly string[],
  dimensions: number | undefined,
): Promise<EmbeddedBatch> {
  const url = upstreamUrl(`${deployment.baseUrl}/embeddings`);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (deployment.credential) headers.authorization = `Bearer ${deployment.credential}`;
  const { timeouts } = deployment;
  const response = await pool.agentFor(timeouts.connectMs).request({
    origin: url.origin,
    path: url.pathname,
    method: 'POST',
    headers,
    body: JSON.stringify({
      model: deployment.upstreamModel,
      input: texts,
      encoding_format: 'float',
      ...(dimensions === undefined ? {} : { dimensions }),
    }),
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) {
    throw new GatewayError('upstream_error', {
      publicMessage: `The upstream embeddings server answered with status ${response.statusCode}.`,
      internalMessage: text.slice(0, 500),
    });
  }
  return readBatch(JSON.parse(text) as unknown, texts.length);
}

function readBatch(answer: unknown, expected: number): EmbeddedBatch {
  const data = asRecord(answer).data;
  const vectors = new Array<Float32Array | undefined>(expected);
  for (const item of Array.isArray(data) ? data : []) {
    const { index, embedding } = asRecord(item);
    if (typeof index === 'number' && Array.isArray(embedding) && index >= 0 && index < expected) {
      vectors[index] = Float32Array.from(embedding as number[]);
    }
  }
  if (vectors.some((vector) => vector === undefined)) {
    throw new GatewayError('upstream_error', {
      publicMessage: 'The upstream embeddings server did not return one vector per input.',
    });
  }
  const tokens = asRecord(asRecord(answer).usage).prompt_tokens;
  return {
    vectors: vectors as Float32Array[],
    promptTokens: typeof tokens === 'number' && tokens >= 0 ? tokens : undefined,
  };
}
