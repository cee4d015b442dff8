import type { GatewayEnv } from '@llmguard/shared';

/**
 * The proxies whose X-Forwarded-For sets the control plane's client address (Fastify's trustProxy), which sign-in
 * throttling and the audit log use: TRUSTED_PROXIES when set; otherwise, outside production, the loopback addresses,
 * where the portal runs beside the control plane and forwards the browser's address; in production nothing, so a
 * client can never choose the address it is throttled and audited under.
 */
export function controlPlaneTrustedProxies(
  env: Pick<GatewayEnv, 'TRUSTED_PROXIES' | 'NODE_ENV'>,
): string | undefined {
  if (env.TRUSTED_PROXIES !== undefined) return env.TRUSTED_PROXIES;
  return env.NODE_ENV === 'production' ? undefined : 'loopback';
}
