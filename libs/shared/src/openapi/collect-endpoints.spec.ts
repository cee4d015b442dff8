import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEndpoint } from '../contracts/endpoint';
import { collectEndpoints } from './collect-endpoints';

const get = defineEndpoint({
  method: 'GET',
  path: '/api/things/:id',
  summary: 'One thing.',
  successStatus: 200,
});
const create = defineEndpoint({
  method: 'POST',
  path: '/api/things',
  summary: 'Creates a thing.',
  successStatus: 201,
  body: z.object({ name: z.string() }),
});

describe('collectEndpoints', () => {
  it('finds endpoints in exported objects and nested groups, named by where they sit', () => {
    const found = collectEndpoints({
      thingsContract: { get, nested: { create } },
      thingSchema: z.object({ id: z.string() }),
      helper: () => get,
      paths: { start: '/api/start' },
    });
    expect(found.map(({ operationId, contract }) => [operationId, contract])).toEqual([
      ['thingsGet', get],
      ['thingsNestedCreate', create],
    ]);
  });

  it('lists an endpoint reachable twice once, under the first export name in order', () => {
    const found = collectEndpoints({ zAlias: get, thingsContract: { get } });
    expect(found.map(({ operationId }) => operationId)).toEqual(['thingsGet']);
  });

  it('refuses two endpoints with the same method and path', () => {
    expect(() => collectEndpoints({ aContract: { get }, bContract: { get: { ...get } } })).toThrow(
      /aGet and bGet declare the same route \(GET \/api\/things\/:id\)/,
    );
  });
});
