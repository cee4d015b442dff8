export * from './canonical-request';
export * from './canonical-response';
export * from './finish-reason';
export * from './stream-event';
export * from './usage';
