import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/**
 * Adds /healthz and /readyz to an app. The app provides the HEALTH_CHECKS token from a global
 * module, so several HTTP apps of one process share one list of checks.
 */
@Module({ controllers: [HealthController] })
export class HealthModule {}
