import { Injectable, Logger } from '@nestjs/common';
import { UpstreamPool } from '../../clients/upstream-pool';
import { upstreamUrl } from '../../clients/upstream-url';
import { PolicyCatalog } from '../catalog/policy-catalog';
import { RouteCatalog } from '../catalog/route-catalog';
import { allowedByPolicy } from '../routing/allowed-by-policy';

/** A model guardrail's answer: the JSON it returned, or why there is none. */
export type GuardrailModelAnswer = { json: unknown } | { unavailable: string };

const MAX_ANSWER_BYTES = 1 << 20;

/**
 * Calls a model that serves a guardrail (a prompt-guard classifier, a moderation model) behind one of the tenant's
 * routes: one POST of JSON to `<deployment base URL>/<path>` through the shared pools, bounded by a hard timeout. The
 * prompts go there, so the policy's allowed providers and regions apply as to any request.
 * Every failure (no such route, no answer in time, an error status, a body that is not JSON) is returned, never
 * thrown, so the caller's policy decides between failing open and closed.
 */
@Injectable()
export class GuardrailModelClient {
  private readonly logger = new Logger(GuardrailModelClient.name);

  constructor(
    private readonly routes: RouteCatalog,
    private readonly policies: PolicyCatalog,
    private readonly pool: UpstreamPool,
  ) {}

  async post(
    tenantId: string,
    alias: string,
    path: string,
    body: (upstreamModel: string) => object,
    timeoutMs: number,
  ): Promise<GuardrailModelAnswer> {
    const route = await this.routes.find(tenantId, alias);
    if (!route || route.deployments.length === 0) return this.unavailable(alias, 'no such route');
    const policy = this.policies.cached(tenantId) ?? (await this.policies.load(tenantId));
    let deployment;
    try {
      deployment = allowedByPolicy(route.deployments, policy, alias)[0];
    } catch (refusal) {
      return this.unavailable(alias, (refusal as Error).message);
    }
    if (!deployment) return this.unavailable(alias, 'no such route');
    const url = upstreamUrl(`${deployment.baseUrl}/${path}`);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const response = await this.pool.agentFor(Math.min(deployment.timeouts.connectMs, timeoutMs)).request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(deployment.credential ? { authorization: `Bearer ${deployment.credential}` } : {}),
        },
        body: JSON.stringify(body(deployment.upstreamModel)),
        signal: abort.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200 || text.length > MAX_ANSWER_BYTES) {
        return this.unavailable(alias, `answered ${response.statusCode}`);
      }
      return { json: JSON.parse(text) as unknown };
    } catch (error) {
      return this.unavailable(
        alias,
        abort.signal.aborted ? `no answer within ${timeoutMs} ms` : String(error),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private unavailable(alias: string, reason: string): GuardrailModelAnswer {
    this.logger.warn(`guardrail model ${alias} unavailable: ${reason}`);
    return { unavailable: reason };
  }
}
