import { Injectable } from '@nestjs/common';
import { resolveUsageCost, type UsageEvent } from '@llmguard/shared';
import type { PricedUsageEvent } from '../usage-stream/usage-events.repository';
import { ModelPricesRepository } from './model-prices.repository';

/**
 * Decides what each event of a batch costs: a tenant's negotiated price, else the deployment's price
 * the gateway computed, else the platform price list (the order is documented on resolveUsageCost).
 * A replayed event is priced again but never stored twice, so a price change between the first try
 * and a replay cannot change what was billed.
 */
@Injectable()
export class UsagePricer {
  constructor(private readonly prices: ModelPricesRepository) {}

  async price(events: UsageEvent[]): Promise<PricedUsageEvent[]> {
    const candidates = await this.prices.candidatesFor(events);
    return events.map((event) => ({ ...event, ...resolveUsageCost(event, candidates) }));
  }
}
