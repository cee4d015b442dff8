import type { PrismaClient } from './generated/client';
import { scopedTenantId } from './tenant-scope';

type UniqueRead = 'findUnique' | 'findUniqueOrThrow';

/** What Prisma hands a query extension; `__internalParams` is untyped but always there (runtime/client.js). */
type UniqueReadParams = {
  model: string;
  args: unknown;
  query: (args: unknown) => Promise<unknown>;
  __internalParams?: { transaction?: unknown };
};

type UniqueReadDelegate = Record<UniqueRead, (args: unknown) => Promise<unknown>>;

/**
 * Prisma queues findUnique calls made outside a transaction and sends them together on the next tick (merged into
 * one query when model and argument shape agree), from the async context of whichever call came first. The pool
 * would then check a connection out under that caller's tenant: another tenant's findUnique in the same tick would
 * find nothing (a spurious 404). Inside a tenant scope, such a call therefore runs in its own short interactive
 * transaction, whose connection is checked out at once, in the caller's context. Calls inside a transaction already
 * use that transaction's connection, and outside a scope (the data plane, the billing worker) nothing changes.
 */
export function withUnmergedScopedUniqueReads(client: PrismaClient): PrismaClient {
  const isolate = (operation: UniqueRead, params: UniqueReadParams): Promise<unknown> => {
    if (scopedTenantId() === '' || params.__internalParams?.transaction) return params.query(params.args);
    const delegateName = params.model.charAt(0).toLowerCase() + params.model.slice(1);
    return client.$transaction((tx) => {
      const delegate = (tx as unknown as Record<string, UniqueReadDelegate>)[delegateName];
      if (!delegate) throw new Error(`no Prisma delegate for model ${params.model}`);
      return delegate[operation](params.args);
    });
  };
  const extended = client.$extends({
    name: 'unmerged-scoped-unique-reads',
    query: {
      $allModels: {
        findUnique: (params) => isolate('findUnique', params as unknown as UniqueReadParams),
        findUniqueOrThrow: (params) => isolate('findUniqueOrThrow', params as unknown as UniqueReadParams),
      },
    },
  });
  // The extension changes no types: callers keep the plain client's.
  return extended as unknown as PrismaClient;
}
