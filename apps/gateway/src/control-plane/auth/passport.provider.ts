import { Passport } from 'passport';

/** Injection token of this control-plane app's own passport instance. */
export const PASSPORT = Symbol('PASSPORT');

/** The passport type strategies register into and guards authenticate with. */
export type PassportInstance = InstanceType<typeof Passport>;

/**
 * One passport per Nest app instead of passport's process-wide singleton: a process may run several gateways
 * (tests do), and with the singleton the last one started would answer every sign-in, through its own clients.
 */
export const passportProvider = { provide: PASSPORT, useFactory: (): PassportInstance => new Passport() };

/**
 * Where @nestjs/passport's PassportStrategy registers a strategy while it is constructed (it calls
 * `getPassportInstance()` before the subclass can hold any state). Our strategies point it here and then register
 * themselves into the app's own instance; nothing authenticates with this one.
 */
export const constructionPassport: PassportInstance = new Passport();
