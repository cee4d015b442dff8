export * from './error-codes';
export * from './gateway-error';
export * from './render-errors';
