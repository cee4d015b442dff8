import { gatewayEnvSchema, parseEnvOrExit, type GatewayEnv } from '@llmguard/shared';

/** Injection token of the validated environment; nothing else reads process.env. */
export const GATEWAY_ENV = Symbol('GATEWAY_ENV');

export function loadGatewayEnv(env: Record<string, string | undefined> = process.env): GatewayEnv {
  return parseEnvOrExit('gateway', gatewayEnvSchema, env);
}
