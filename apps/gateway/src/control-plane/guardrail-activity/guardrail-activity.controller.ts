import { Controller, Get, Query } from '@nestjs/common';
import { guardrailsContract, type ParsedQuery } from '@llmguard/shared';
import { validQuery } from '../common/zod-validation.pipe';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CurrentTenant, type TenantAccess } from '../auth/tenant-access';
import { GuardrailActivityService } from './guardrail-activity.service';

const contract = guardrailsContract;

/**
 * /api/tenants/:tenantSlug/guardrails/activity. A summary of the guardrail entries of the audit log (request ids,
 * keys), so it is for the audit log's readers.
 */
@Controller()
export class GuardrailActivityController {
  constructor(private readonly guardrails: GuardrailActivityService) {}

  @Get(contract.activity.path)
  @RequirePermission('audit_log.read')
  async activity(
    @CurrentTenant() access: TenantAccess,
    @Query(validQuery(contract.activity.query)) query: ParsedQuery<typeof contract.activity>,
  ) {
    return contract.activity.response.parse(await this.guardrails.activity(access.tenant.id, query));
  }
}
