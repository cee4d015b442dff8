import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/**
 * argon2id password hashes (PHC strings). The algorithm is @node-rs/argon2's default, argon2id; its `Algorithm` is a
 * const enum that does not exist at run time under SWC, so it is not passed explicitly. Verification reads the
 * parameters from the stored string, so lowering or raising the cost never breaks existing hashes.
 */
@Injectable()
export class PasswordHasher {
  private readonly options: { memoryCost: number; timeCost: number; parallelism: number };
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    this.options = {
      memoryCost: env.PASSWORD_HASH_MEMORY_KIB,
      timeCost: env.PASSWORD_HASH_TIME_COST,
      parallelism: 1,
    };
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return verify(passwordHash, password).catch(() => false);
  }

  /**
   * Spends the time of one verification and fails. Sign-in calls it for an unknown email, so the answer time does
   * not tell which emails have accounts.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummyHash ??= hash(randomBytes(16).toString('hex'), this.options);
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
