import { Module } from '@nestjs/common';
import { HealthModule } from '@llmguard/server';

/** The control plane: /api/* on its own port (accounts, tenants, keys, policies, audit log). */
@Module({ imports: [HealthModule] })
export class ControlPlaneModule {}
