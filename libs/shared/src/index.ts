export * from './config';
export * from './errors';
export * from './ids';
export * from './keys';
export * from './llm';
export * from './pricing';
export * from './usage';
export * from './tokens';
