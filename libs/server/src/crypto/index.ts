export * from './credential-cipher';
export * from './credential-sealer-from-env';
export * from './envelope-cipher';
export * from './master-keyring';
export * from './rewrap-credentials';
export * from './budget-webhook-secret';
