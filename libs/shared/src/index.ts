export * from './config';
export * from './errors';
export * from './ids';
export * from './keys';
export * from './pricing';
export * from './usage';
