import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { referencedSchemas, SchemaConverter } from './schema-converter';

describe('SchemaConverter', () => {
  it('shares a named schema as one component when what is sent and what is answered agree', () => {
    const role = z.enum(['owner', 'viewer']);
    const converter = new SchemaConverter(new Map([[role, 'Role']]));
    const body = converter.convert(z.strictObject({ role }), 'input');
    const answer = converter.convert(z.object({ role }), 'output');
    const { schemas, rewrite } = converter.finish();
    expect(schemas).toEqual({ Role: { type: 'string', enum: ['owner', 'viewer'] } });
    expect(rewrite(body)).toMatchObject({ properties: { role: { $ref: '#/components/schemas/Role' } } });
    expect(rewrite(answer)).toMatchObject({ properties: { role: { $ref: '#/components/schemas/Role' } } });
  });

  it('splits a named schema into X and XInput when defaults make the two sides differ', () => {
    const page = z.object({ limit: z.number().default(50) });
    const converter = new SchemaConverter(new Map([[page, 'Page']]));
    const sent = converter.convert(page, 'input');
    const answered = converter.convert(page, 'output');
    const { schemas, rewrite } = converter.finish();
    expect(rewrite(sent)).toEqual({ $ref: '#/components/schemas/PageInput' });
    expect(rewrite(answered)).toEqual({ $ref: '#/components/schemas/Page' });
    expect(schemas.PageInput).not.toHaveProperty('required');
    expect(schemas.Page).toMatchObject({ required: ['limit'] });
  });

  it("describes a transform's answer by the transform's input instead of giving up", () => {
    const micros = z.union([z.string(), z.number().int()]).transform((value) => String(value));
    const converter = new SchemaConverter(new Map());
    expect(converter.convert(z.object({ cap: micros }), 'output')).toMatchObject({
      properties: { cap: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
    });
  });

  it('moves recursive definitions out of the schema into one JsonValue component', () => {
    const converter = new SchemaConverter(new Map());
    const first = converter.convert(z.object({ before: z.json(), after: z.json() }), 'output');
    const { schemas, rewrite } = converter.finish();
    expect(JSON.stringify(rewrite(first))).not.toContain('$defs');
    expect(rewrite(first)).toMatchObject({
      properties: {
        before: { $ref: '#/components/schemas/JsonValue' },
        after: { $ref: '#/components/schemas/JsonValue' },
      },
    });
    expect(Object.keys(schemas)).toEqual(['JsonValue']);
    expect(JSON.stringify(schemas.JsonValue)).toContain('"$ref":"#/components/schemas/JsonValue"');
  });
});

describe('referencedSchemas', () => {
  it('keeps the schemas reachable from the roots, following references between schemas', () => {
    const schemas = {
      A: { $ref: '#/components/schemas/B' },
      B: { type: 'string' },
      Unused: { type: 'number' },
    };
    expect(Object.keys(referencedSchemas(schemas, { schema: { $ref: '#/components/schemas/A' } }))).toEqual([
      'A',
      'B',
    ]);
  });
});
