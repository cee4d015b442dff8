export * from './stripe-settings';
