import { parseEnv, parseEnvOrExit, portalEnvSchema, type PortalEnv } from '@llmguard/shared';

// The portal's settings, validated once per server process. instrumentation.ts validates them at
// boot so a bad variable stops the server before it takes traffic; pages and route handlers then
// read the cached value and never touch process.env themselves. Only server code imports this file.

export type { PortalEnv };

/** Validates an environment against the portal schema; throws EnvValidationError naming each bad variable. */
export function loadPortalEnv(env: Record<string, string | undefined>): PortalEnv {
  return parseEnv('portal', portalEnvSchema, env);
}

let cachedEnv: PortalEnv | undefined;

/** The validated settings of this server process. */
export function getEnv(): PortalEnv {
  cachedEnv ??= loadPortalEnv(process.env);
  return cachedEnv;
}

/**
 * Validates the environment when the server starts. On failure it prints every bad variable and
 * exits with status 78 (EX_CONFIG), like the gateway and the billing worker.
 */
export function validateEnvAtBoot(): void {
  cachedEnv = parseEnvOrExit('portal', portalEnvSchema, process.env);
}
