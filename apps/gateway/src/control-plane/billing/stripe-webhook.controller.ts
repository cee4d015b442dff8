import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { stripeWebhookContract } from '@llmguard/shared';
import { Public } from '../auth/public.decorator';
import { StripeWebhookService } from './stripe-webhook.service';
import type { RequestWithRawBody } from './webhook-raw-body';

const contract = stripeWebhookContract;

/** POST /api/billing/stripe/webhook: Stripe proves itself with the Stripe-Signature header, not a session. */
@Controller()
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Public()
  @Post(contract.receive.path)
  @HttpCode(contract.receive.successStatus)
  async receive(@Req() request: RequestWithRawBody, @Headers('stripe-signature') signature?: string) {
    const event = this.webhooks.verify(request.rawBody?.(), signature);
    return contract.receive.response.parse(await this.webhooks.handle(event));
  }
}
