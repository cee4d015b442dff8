import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PassportInstance } from './passport.provider';

type Middleware = (request: unknown, reply: unknown, next: (error?: unknown) => void) => void;

/**
 * Runs one strategy of the app's passport instance on a Fastify request and resolves with what it authenticated,
 * or false. Errors a strategy raises (GatewayErrors from our validate methods) reject unchanged.
 */
export function runPassport<Result>(
  passport: PassportInstance,
  strategy: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Result | false> {
  return new Promise((resolve, reject) => {
    const middleware = passport.authenticate(
      strategy,
      { session: false },
      (error: unknown, result: Result | false | undefined) => {
        if (error) reject(error);
        else resolve(result ?? false);
      },
    ) as Middleware;
    middleware(request, reply, (error) =>
      reject(error ?? new Error(`passport strategy ${strategy} passed the request on without a result`)),
    );
  });
}
