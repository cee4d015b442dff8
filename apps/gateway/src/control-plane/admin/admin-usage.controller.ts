import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { adminTiersContract, adminUsageContract, type ParsedQuery } from '@llmguard/shared';
import { validQuery } from '../common/zod-validation.pipe';
import { PlatformAdminGuard } from '../auth/platform-admin.guard';
import { AdminTiersRepository } from './admin-tiers.repository';
import { AdminUsageService } from './admin-usage.service';

const usage = adminUsageContract;
const tiers = adminTiersContract;

/** /api/admin/usage and /api/admin/tiers: platform-wide read models, platform admins only (not tenant-scoped). */
@Controller()
@UseGuards(PlatformAdminGuard)
export class AdminUsageController {
  constructor(
    private readonly usageService: AdminUsageService,
    private readonly tierRepository: AdminTiersRepository,
  ) {}

  @Get(usage.get.path)
  async get(@Query(validQuery(usage.get.query)) query: ParsedQuery<typeof usage.get>) {
    return usage.get.response.parse(await this.usageService.get(query));
  }

  @Get(tiers.list.path)
  async listTiers() {
    return tiers.list.response.parse({ data: await this.tierRepository.list() });
  }
}
