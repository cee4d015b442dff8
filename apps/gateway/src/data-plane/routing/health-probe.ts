import type { UpstreamPool } from '../../clients/upstream-pool';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import { ANTHROPIC_VERSION } from '../providers/anthropic.adapter';
import { DEFAULT_AZURE_OPENAI_API_VERSION } from '../providers/azure-openai.adapter';

/** A probe waits at most this long for an answer (or the deployment's own timeouts, if shorter). */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * A cheap read-only request to a deployment: its model list (OpenAI-compatible, Anthropic, Azure) or its model
 * (Gemini), with the deployment's credential. It costs no tokens.
 */
export function probeRequest(deployment: ResolvedDeployment): { url: URL; headers: Record<string, string> } {
  const { baseUrl, credential } = deployment;
  const headers: Record<string, string> = { accept: 'application/json' };
  switch (deployment.provider) {
    case 'openai':
      if (credential) headers.authorization = `Bearer ${credential}`;
      return { url: new URL(`${baseUrl}/models`), headers };
    case 'anthropic':
      headers['anthropic-version'] = ANTHROPIC_VERSION;
      if (credential) headers['x-api-key'] = credential;
      return { url: new URL(`${baseUrl}/v1/models`), headers };
    case 'azure_openai': {
      const apiVersion = encodeURIComponent(deployment.apiVersion ?? DEFAULT_AZURE_OPENAI_API_VERSION);
      if (credential) headers['api-key'] = credential;
      return { url: new URL(`${baseUrl}/openai/models?api-version=${apiVersion}`), headers };
    }
    case 'gemini': {
      const model = encodeURIComponent(deployment.upstreamModel.replace(/^models\//, ''));
      if (credential) headers['x-goog-api-key'] = credential;
      return { url: new URL(`${baseUrl}/v1beta/models/${model}`), headers };
    }
    default:
      return deployment.provider satisfies never;
  }
}

/**
 * Whether the deployment answers at all: any status below 500 other than 429 counts (a 404 means the server is up
 * but lists no models there). Connection errors, timeouts, 5xx and 429 do not. It says nothing about inference
 * itself, so a reachable deployment still gets its half-open probe from real traffic.
 */
export async function isReachable(pool: UpstreamPool, deployment: ResolvedDeployment): Promise<boolean> {
  const { url, headers } = probeRequest(deployment);
  const { connectMs, firstByteMs } = deployment.timeouts;
  try {
    const response = await pool.agentFor(Math.min(connectMs, PROBE_TIMEOUT_MS)).request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'GET',
      headers,
      headersTimeout: Math.min(firstByteMs, PROBE_TIMEOUT_MS),
      bodyTimeout: PROBE_TIMEOUT_MS,
    });
    await response.body.dump();
    return response.statusCode < 500 && response.statusCode !== 429;
  } catch {
    return false;
  }
}
