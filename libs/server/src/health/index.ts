export * from './health-check';
export * from './health.controller';
export * from './health.module';
