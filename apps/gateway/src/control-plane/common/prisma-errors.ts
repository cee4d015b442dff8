import { Prisma } from '@llmguard/db';

/** A unique constraint refused the write (Prisma P2002): a taken slug or email, a key already rotated. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
