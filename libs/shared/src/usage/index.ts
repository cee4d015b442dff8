export * from './usage-event.schema';
