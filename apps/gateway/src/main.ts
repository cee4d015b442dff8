import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { assertDependenciesReachable } from '@llmguard/server';
import { ClientsModule } from './clients/clients.module';
import { createGatewayClients } from './clients/gateway-clients';
import { loadGatewayEnv } from './config';
import { ApiErrorFilter } from './control-plane/api-error.filter';
import { ControlPlaneModule } from './control-plane/control-plane.module';
import { DataPlaneModule } from './data-plane/data-plane.module';
import { WireErrorFilter } from './data-plane/wire-error.filter';
import { createHttpApp } from './http/create-http-app';

/** Starts the data plane and the control plane, each on its own port, sharing one set of clients. */
export type RunningGateway = { dataPlaneUrl: string; controlPlaneUrl: string; close(): Promise<void> };

export async function startGateway(
  envSource: Record<string, string | undefined> = process.env,
): Promise<RunningGateway> {
  const env = loadGatewayEnv(envSource);
  const clients = createGatewayClients(env);
  await assertDependenciesReachable('gateway', clients.healthChecks);
  const clientsModule = ClientsModule.forClients(clients);
  const dataPlane = await createHttpApp({
    module: DataPlaneModule,
    clientsModule,
    errorFilter: new WireErrorFilter(),
    bodyLimitBytes: env.MAX_REQUEST_BODY_BYTES,
  });
  const controlPlane = await createHttpApp({
    module: ControlPlaneModule,
    clientsModule,
    errorFilter: new ApiErrorFilter(),
    bodyLimitBytes: 1024 * 1024,
    cookies: true,
    trustedProxies: env.TRUSTED_PROXIES,
  });
  await dataPlane.listen(env.DATA_PLANE_PORT, env.HOST);
  await controlPlane.listen(env.CONTROL_PLANE_PORT, env.HOST);
  return {
    dataPlaneUrl: await dataPlane.getUrl(),
    controlPlaneUrl: await controlPlane.getUrl(),
    async close() {
      await dataPlane.close();
      await controlPlane.close();
      await clients.close();
    },
  };
}

if (require.main === module) {
  startGateway()
    .then((gateway) => {
      const logger = new Logger('Gateway');
      logger.log(`data plane ${gateway.dataPlaneUrl}/v1, control plane ${gateway.controlPlaneUrl}/api`);
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
