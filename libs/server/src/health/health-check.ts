/** One dependency an app needs to serve: checked at start-up and by /readyz. */
export type HealthCheck = {
  readonly name: string;
  /** Resolves when the dependency answers; rejects with an error that says what failed. */
  check(): Promise<void>;
};

/** Injection token for the app's list of {@link HealthCheck}s. */
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

export type HealthCheckResult = { name: string; ok: boolean; latencyMs: number; error?: string };

/** Runs every check in parallel, each bounded by a timeout, and never throws. */
export async function runHealthChecks(
  checks: readonly HealthCheck[],
  timeoutMs: number,
): Promise<HealthCheckResult[]> {
  return Promise.all(
    checks.map(async (healthCheck) => {
      const startedAt = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          healthCheck.check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return { name: healthCheck.name, ok: true, latencyMs: Math.round(performance.now() - startedAt) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          name: healthCheck.name,
          ok: false,
          latencyMs: Math.round(performance.now() - startedAt),
          error: message,
        };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
