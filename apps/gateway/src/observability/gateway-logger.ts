/** Injection token of the gateway process's pino logger (libs/server createLogger). */
export const GATEWAY_LOGGER = Symbol('GATEWAY_LOGGER');
