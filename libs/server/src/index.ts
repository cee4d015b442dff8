export * from './dependency-checks';
export * from './health';
export * from './key-invalidation';
export * from './route-invalidation';
export * from './crypto';
export * from './redis';
