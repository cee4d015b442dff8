export * from './policy-document.schema';
export * from './phone-regions';
export * from './effective-policy';
export * from './policy-diff';
export * from './policy-changes';
export * from './policy-columns';
export * from './policy-consistency';
