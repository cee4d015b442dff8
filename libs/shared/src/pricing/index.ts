export * from './compute-cost';
export * from './price-in-force';
