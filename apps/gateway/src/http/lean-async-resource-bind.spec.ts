import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';

installLeanAsyncResourceBind();

describe('the lean AsyncResource.bind', () => {
  it('runs the function in the async context where the resource was made', async () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('request-1', () => new AsyncResource('test').bind(() => storage.getStore()));
    const seen = await storage.run(
      'request-2',
      () => new Promise((resolve) => setImmediate(() => resolve(bound()))),
    );
    expect(seen).toBe('request-1');
  });

  it("passes arguments, returns the result, and uses thisArg or else the caller's this", () => {
    const resource = new AsyncResource('test');
    function describeCall(this: unknown, a: number, b: number) {
      return { self: this, sum: a + b };
    }
    const owner = { name: 'owner' };
    // Node's types omit the optional thisArg of the instance method.
    const bindWithThis = resource.bind.bind(resource) as (
      fn: typeof describeCall,
      thisArg: unknown,
    ) => typeof describeCall;
    expect(bindWithThis(describeCall, owner)(1, 2)).toEqual({ self: owner, sum: 3 });
    const caller = { method: resource.bind(describeCall) };
    expect(caller.method(2, 3)).toEqual({ self: caller, sum: 5 });
    expect(resource.bind(describeCall).length).toBe(2);
  });

  it('refuses what is not a function, like Node', () => {
    expect(() => new AsyncResource('test').bind(42 as never)).toThrow(TypeError);
  });
});
