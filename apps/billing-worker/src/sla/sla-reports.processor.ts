import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { SlaReportComputer } from './sla-report.computer';
import { COMPUTE_SLA_REPORTS_JOB, SLA_REPORTS_QUEUE } from './sla-reports.queue';

/** Recomputes the due days' reports; idempotent, so whichever replica takes a run may do it. */
@Processor(SLA_REPORTS_QUEUE)
export class SlaReportsProcessor extends WorkerHost {
  constructor(
    private readonly computer: SlaReportComputer,
    private readonly metrics: WorkerMetrics,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== COMPUTE_SLA_REPORTS_JOB) throw new Error(`unknown SLA job ${job.name}`);
    try {
      let rows = 0;
      for (const day of await this.computer.dueDays()) rows += await this.computer.computeDay(day);
      this.metrics.slaReportRuns.inc({ result: 'ok' });
      return { rows };
    } catch (error) {
      this.metrics.slaReportRuns.inc({ result: 'failed' });
      throw error;
    }
  }
}
