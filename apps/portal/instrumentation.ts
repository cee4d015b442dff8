// Runs once when a portal server starts. Validating the environment here stops the server at boot,
// with every bad variable named, instead of failing on the first request. The import is dynamic so
// the Node-only code stays out of the edge bundle.

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { validateEnvAtBoot, getEnv } = await import('./lib/env');
  validateEnvAtBoot();
  const { startPortalMetricsServer } = await import('./lib/metrics-server');
  startPortalMetricsServer(getEnv().PORTAL_METRICS_PORT);
}
