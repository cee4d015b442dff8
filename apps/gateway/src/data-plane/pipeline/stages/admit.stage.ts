import { Injectable } from '@nestjs/common';
import { PolicyCatalog } from '../../catalog/policy-catalog';
import { AdmissionControl } from '../../limits/admission-control';
import type { RequestContext } from '../request-context';
import type { Stage } from '../stage';

/**
 * Decides the request against its tenant's limits and budgets, once it is routed (per-model limits need the
 * model) and before any upstream is called: a refusal is a 429 naming the limit, and nothing upstream is spent.
 * Deployment slots (fair queue) are taken per attempt by the call-provider stage, since a fallback changes the
 * deployment.
 */
@Injectable()
export class AdmitStage implements Stage {
  readonly name = 'admit';

  constructor(
    private readonly policies: PolicyCatalog,
    private readonly admission: AdmissionControl,
  ) {}

  async run(context: RequestContext): Promise<void> {
    const key = context.apiKey;
    if (!key) throw new Error('admit stage ran before authenticate');
    const policy = this.policies.cached(key.tenantId) ?? (await this.policies.load(key.tenantId));
    await this.admission.admit(context, policy);
  }
}
