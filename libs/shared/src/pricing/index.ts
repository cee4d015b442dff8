export * from './compute-cost';
export * from './price-in-force';
export * from './usage-cost';
