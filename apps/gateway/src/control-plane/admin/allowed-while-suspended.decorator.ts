import { SetMetadata } from '@nestjs/common';

export const ALLOWED_WHILE_SUSPENDED = 'llmguard:allowed-while-suspended';

/**
 * Marks a state-changing tenant route that a suspended tenant may still call: the ways to settle what got it
 * suspended (opening Stripe Checkout or the Billing Portal to pay). They change nothing in the tenant itself.
 */
export const AllowedWhileSuspended = () => SetMetadata(ALLOWED_WHILE_SUSPENDED, true);
