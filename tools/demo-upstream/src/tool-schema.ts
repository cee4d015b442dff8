// Turns a tool's JSON Schema (untrusted JSON) into gpt-tokenizer's typed schema, which serves both
// to estimate the tokens of tool definitions and to make deterministic example arguments.
import type {
  ChatCompletionFunctionDefinition,
  ChatCompletionFunctionProperty,
  ChatCompletionObjectProperty,
} from 'gpt-tokenizer/functionCalling';
import { asArray, asString, isObject, type JsonObject } from './json.js';

const TYPES = ['string', 'integer', 'number', 'boolean', 'null', 'array', 'object'] as const;
type SchemaType = (typeof TYPES)[number];

const isSchemaType = (v: unknown): v is SchemaType => TYPES.some((t) => t === v);

// JSON Schema allows `type: ["string", "null"]` or no type at all: pick the most telling one.
function schemaType(schema: JsonObject): SchemaType {
  const declared = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  const first: unknown = declared[0];
  if (isSchemaType(first)) return first;
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'string';
}

export function toObjectProperty(schema: unknown): ChatCompletionObjectProperty {
  const s = isObject(schema) ? schema : {};
  const properties: Record<string, ChatCompletionFunctionProperty> = {};
  if (isObject(s.properties)) {
    for (const [name, value] of Object.entries(s.properties)) properties[name] = toProperty(value);
  }
  const required = (asArray(s.required) ?? []).filter((r): r is string => typeof r === 'string');
  return { type: 'object', description: asString(s.description), properties, required };
}

export function toProperty(schema: unknown): ChatCompletionFunctionProperty {
  const s = isObject(schema) ? schema : {};
  const description = asString(s.description);
  const enumValues = asArray(s.enum);
  const type = schemaType(s);
  switch (type) {
    case 'string':
      return { type, description, enum: enumValues?.filter((e): e is string => typeof e === 'string') };
    case 'integer':
    case 'number': {
      const numericEnum = enumValues?.filter(
        (e): e is number | string => typeof e === 'number' || typeof e === 'string',
      );
      const minimum = typeof s.minimum === 'number' ? s.minimum : undefined;
      const maximum = typeof s.maximum === 'number' ? s.maximum : undefined;
      return { type, description, enum: numericEnum, minimum, maximum };
    }
    case 'array':
      return { type, description, items: s.items === undefined ? undefined : toProperty(s.items) };
    case 'object':
      return toObjectProperty(s);
    case 'boolean':
    case 'null':
      return { type, description };
  }
}

export function toFunctionDefinition(
  name: string,
  description: string | undefined,
  parameters: unknown,
): ChatCompletionFunctionDefinition {
  return { name, description, parameters: toObjectProperty(parameters) };
}

/** A small valid value for a schema: required object properties only, first enum value, etc. */
export function exampleValue(prop: ChatCompletionFunctionProperty): unknown {
  switch (prop.type) {
    case 'string':
      return prop.enum?.[0] ?? 'demo';
    case 'integer':
    case 'number':
      return prop.enum?.[0] ?? prop.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [];
    case 'object': {
      const value: JsonObject = {};
      for (const name of prop.required ?? []) {
        const child = prop.properties?.[name];
        value[name] = child === undefined ? 'demo' : exampleValue(child);
      }
      return value;
    }
  }
}
