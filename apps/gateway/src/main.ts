import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { assertDependenciesReachable, PinoNestLogger } from '@llmguard/server';
import { ClientsModule } from './clients/clients.module';
import { createGatewayClients } from './clients/gateway-clients';
import { loadGatewayEnv } from './config';
import { createHttpApp } from './http/create-http-app';
import { controlPlaneTrustedProxies } from './http/trusted-proxies';
import { startMetricsServer } from './observability/metrics-server';

/**
 * Starts the data plane and the control plane, each on its own port, sharing one set of clients. GATEWAY_PLANES can
 * start one of them only; the other's URL then throws when read. Each plane's modules are loaded only when it starts,
 * so a data-plane-only process carries none of the control plane's code (passport, OIDC, mail, Stripe).
 */
export type RunningGateway = {
  dataPlaneUrl: string;
  controlPlaneUrl: string;
  /** GET /metrics of this process (METRICS_PORT). */
  metricsUrl: string;
  close(): Promise<void>;
};

export async function startGateway(
  envSource: Record<string, string | undefined> = process.env,
): Promise<RunningGateway> {
  const env = loadGatewayEnv(envSource);
  const clients = createGatewayClients(env);
  await assertDependenciesReachable('gateway', clients.healthChecks);
  const clientsModule = ClientsModule.forClients(clients);
  const planes = env.GATEWAY_PLANES.split(',');
  const logger = new PinoNestLogger(clients.logger);
  const apps: NestFastifyApplication[] = [];
  let dataPlaneUrl: string | undefined;
  let controlPlaneUrl: string | undefined;
  if (planes.includes('data')) {
    const { DataPlaneModule } = await import('./data-plane/data-plane.module.js');
    const { WireErrorFilter } = await import('./data-plane/wire-error.filter.js');
    const dataPlane = await createHttpApp({
      module: DataPlaneModule,
      clientsModule,
      errorFilter: new WireErrorFilter(),
      bodyLimitBytes: env.MAX_REQUEST_BODY_BYTES,
      logger,
    });
    apps.push(dataPlane);
    await dataPlane.listen(env.DATA_PLANE_PORT, env.HOST);
    dataPlaneUrl = await dataPlane.getUrl();
  }
  if (planes.includes('control')) {
    const { ControlPlaneModule } = await import('./control-plane/control-plane.module.js');
    const { ApiErrorFilter } = await import('./control-plane/api-error.filter.js');
    const controlPlane = await createHttpApp({
      module: ControlPlaneModule,
      clientsModule,
      errorFilter: new ApiErrorFilter(),
      bodyLimitBytes: 1024 * 1024,
      cookies: true,
      trustedProxies: controlPlaneTrustedProxies(env),
      tenantScopes: true,
      logger,
      observeRequests: (route, method, status, seconds) =>
        clients.metrics.observeApiRequest(route, method, status, seconds),
    });
    apps.push(controlPlane);
    await controlPlane.listen(env.CONTROL_PLANE_PORT, env.HOST);
    controlPlaneUrl = await controlPlane.getUrl();
  }
  const metricsServer = await startMetricsServer(clients.metrics.registry, env.METRICS_PORT, env.HOST);
  return {
    metricsUrl: metricsServer.url,
    get dataPlaneUrl() {
      if (dataPlaneUrl === undefined)
        throw new Error('this gateway does not serve the data plane (GATEWAY_PLANES)');
      return dataPlaneUrl;
    },
    get controlPlaneUrl() {
      if (controlPlaneUrl === undefined)
        throw new Error('this gateway does not serve the control plane (GATEWAY_PLANES)');
      return controlPlaneUrl;
    },
    async close() {
      for (const app of apps) await app.close();
      await metricsServer.close();
      await clients.close();
    },
  };
}

if (require.main === module) {
  startGateway()
    .then((gateway) => {
      const logger = new Logger('Gateway');
      const env = loadGatewayEnv(process.env);
      const planes = env.GATEWAY_PLANES.split(',');
      if (planes.includes('data')) logger.log(`data plane ${gateway.dataPlaneUrl}/v1`);
      if (planes.includes('control')) logger.log(`control plane ${gateway.controlPlaneUrl}/api`);
      logger.log(`metrics ${gateway.metricsUrl}`);
      const shutdown = () => void gateway.close().then(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `gateway: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exit(1);
    });
}
