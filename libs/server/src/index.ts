export * from './dependency-checks';
export * from './health';
export * from './credential-cipher';
export * from './redis';
