import { AsyncResource } from 'node:async_hooks';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

let installed = false;

/**
 * Replaces AsyncResource.prototype.bind with one that skips the deprecated `asyncResource` accessor (DEP0172).
 * On Node 20 every bind() builds two `deprecate()` wrappers for that accessor, and Fastify binds a callback for
 * every request body it parses: 5–6 % of the gateway's CPU and allocations under load (bench/README.md). The
 * returned function behaves the same: it runs `fn` in the resource's async scope, with `thisArg` or the caller's
 * `this`, and keeps `fn.length`. Idempotent.
 */
export function installLeanAsyncResourceBind(): void {
  if (installed) return;
  installed = true;
  AsyncResource.prototype.bind = function bind<Func>(this: AsyncResource, fn: Func, thisArg?: unknown): Func {
    return leanBind(this, fn as AnyFunction, thisArg) as Func;
  };
}

function leanBind(resource: AsyncResource, fn: AnyFunction, thisArg: unknown): AnyFunction {
  if (typeof fn !== 'function') throw new TypeError('The "fn" argument must be of type function');
  const bound: AnyFunction =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
  Object.defineProperty(bound, 'length', { configurable: true, value: fn.length });
  return bound;
}
