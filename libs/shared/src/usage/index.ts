export * from './usage-event.schema';
export * from './spend-counters';
export * from './sla-definitions';
