import { Controller, Get, Res } from '@nestjs/common';
import { BacklogGauges } from './backlog-gauges';
import { WorkerMetrics } from './worker-metrics';

type TextReply = { header(name: string, value: string): TextReply; send(body: string): unknown };

/** GET /metrics on HEALTH_PORT, in the Prometheus text format, for a scraper inside the cluster. */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: WorkerMetrics,
    private readonly backlog: BacklogGauges,
  ) {}

  @Get('metrics')
  async scrape(@Res() reply: TextReply) {
    await this.backlog.refresh();
    const body = await this.metrics.registry.metrics();
    return reply.header('content-type', this.metrics.registry.contentType).send(body);
  }
}
