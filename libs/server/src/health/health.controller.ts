import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { HEALTH_CHECKS, runHealthChecks, type HealthCheck } from './health-check';

type StatusReply = { status(code: number): StatusReply; send(body: unknown): unknown };

/**
 * Liveness says the process serves HTTP; readiness says its real dependencies answer, so a load
 * balancer stops sending traffic to an instance that lost Postgres or Redis.
 */
@Controller()
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  @Get('healthz')
  @HttpCode(200)
  liveness() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readiness(@Res() reply: StatusReply) {
    const results = await runHealthChecks(this.checks, 2_000);
    const ready = results.every((result) => result.ok);
    const checks = Object.fromEntries(results.map(({ name, ...rest }) => [name, rest]));
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  }
}
