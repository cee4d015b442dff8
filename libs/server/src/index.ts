export * from './dependency-checks';
export * from './health';
export * from './key-invalidation';
export * from './invalidation-channels';
export * from './crypto';
export * from './redis';
export * from './logging/json-logger';
export * from './audit/audit-chain';
