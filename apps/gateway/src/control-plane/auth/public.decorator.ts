import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'llmguard:public';

/**
 * Marks a route that needs no session (sign-up, sign-in). Every other control-plane route requires one: the
 * authentication guard is global, so a new route is closed until someone opens it on purpose.
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);
