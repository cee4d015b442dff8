import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { WorkerMetrics } from './worker-metrics';

/**
 * Counts every BullMQ job this process runs, by queue and result, from the workers' own events: one place for all
 * processors, so a new queue is counted without touching its processor. The queue label takes the worker's queue
 * name, a fixed set (WorkerQueueName).
 */
@Injectable()
export class JobMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!(instance instanceof WorkerHost)) continue;
      // The explorer of @nestjs/bullmq made the worker during module init, before bootstrap hooks run.
      const worker = instance.worker;
      const queue = worker.name;
      for (const result of ['completed', 'failed']) this.metrics.jobs.inc({ queue, result }, 0);
      worker.on('completed', () => this.metrics.jobs.inc({ queue, result: 'completed' }));
      worker.on('failed', () => this.metrics.jobs.inc({ queue, result: 'failed' }));
    }
  }
}
