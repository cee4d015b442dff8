export * from './count-tokens';
