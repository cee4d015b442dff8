export * from './dependency-checks';
export * from './health';
export * from './key-invalidation';
export * from './credential-cipher';
export * from './redis';
