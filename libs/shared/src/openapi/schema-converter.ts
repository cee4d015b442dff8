import { z } from 'zod';
import type { OpenApiSchema } from './openapi-document.types';

/** Which side of a schema to describe: what a client sends (`input`) or what the server answers (`output`). */
export type SchemaDirection = 'input' | 'output';

const COMPONENT_PREFIX = '#/components/schemas/';
/** Metadata zod keeps in its global registry (`.describe()`, `.meta()`) that belongs in the document. */
const DOCUMENTATION_KEYS = ['title', 'description', 'examples', 'deprecated'] as const;

/**
 * Turns zod schemas into OpenAPI 3.1 schemas with zod's own `z.toJSONSchema` (draft 2020-12, the dialect OpenAPI 3.1
 * builds on), sharing named schemas through `components.schemas`:
 * - Every schema given a name (the contracts' exported schemas: `apiKeySchema` → `ApiKey`) becomes a component
 *   that operations reference. A schema whose input and output differ (defaults, transforms, closed objects) gets
 *   two: `ApiKey` as answered and `ApiKeyInput` as sent.
 * - Unnamed recursive schemas (`z.json()`) come out of zod with local `$defs` that would resolve against the
 *   document rather than the schema; they become components too (`JsonValue`).
 * - A transform's output type is unknown to JSON Schema; on the output side it is described by the transform's
 *   input, since the contracts only normalise there (sorting, de-duplicating, number → decimal string).
 * References point at provisional names until {@link finish} settles the final ones.
 */
export class SchemaConverter {
  private readonly registry = z.registry<{ id: string }>();
  /** Definitions by provisional name: `<id>~<direction>` for named schemas, `JsonValue`… for unnamed recursive ones. */
  private readonly definitions = new Map<string, OpenApiSchema>();
  private readonly anonymousNameByKey = new Map<string, string>();

  /** @param names the schemas to share as components, by component name */
  constructor(names: ReadonlyMap<z.ZodType, string>) {
    for (const [schema, id] of names) this.registry.add(schema, { id });
  }

  convert(schema: z.ZodType, direction: SchemaDirection): OpenApiSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: direction,
      metadata: this.registry,
      unrepresentable: 'any',
      override: (context) => this.annotate(context, direction),
    }) as OpenApiSchema;
    delete json.$schema;
    return this.hoist(json, direction);
  }

  /** A schema's own definition even when it is a named component (a query's properties become parameters). */
  convertInline(schema: z.ZodType, direction: SchemaDirection): OpenApiSchema {
    const json = this.convert(schema, direction);
    const reference = typeof json.$ref === 'string' ? json.$ref.slice(COMPONENT_PREFIX.length) : undefined;
    return (reference !== undefined && this.definitions.get(reference)) || json;
  }

  /**
   * The final `components.schemas`, and a function that rewrites provisional references in any part of the
   * document. Input and output definitions of one schema merge into one component when they are equal, checked
   * from the leaves up (a parent is equal only once the schemas it refers to are).
   */
  finish(): { schemas: Record<string, OpenApiSchema>; rewrite: <Node>(node: Node) => Node } {
    const canonical = this.mergeEqualDirections();
    const finalNames = this.finalNames(canonical);
    const rewrite = <Node>(node: Node) =>
      mapReferences(node, (reference) => {
        const name = reference.startsWith(COMPONENT_PREFIX) ? reference.slice(COMPONENT_PREFIX.length) : '';
        const final = finalNames.get(canonical(name));
        return final === undefined ? reference : `${COMPONENT_PREFIX}${final}`;
      }) as Node;
    const schemas: Record<string, OpenApiSchema> = {};
    for (const [name, final] of finalNames) schemas[final] = rewrite(this.definitions.get(name) ?? {});
    return { schemas, rewrite };
  }

  /**
   * Merges the input definition of a schema into its output one when they are equal, from the leaves up (a parent
   * is equal only once the schemas it refers to are). Returns what a name or reference becomes.
   */
  private mergeEqualDirections(): (reference: string) => string {
    const merged = new Set<string>();
    // Works on names and on references (`#/components/schemas/<name>`) alike.
    const canonical = (reference: string) => {
      const [id = '', direction] = provisionalParts(reference);
      return direction === 'input' && merged.has(id.slice(id.lastIndexOf('/') + 1))
        ? reference.replace(/~input$/, '~output')
        : reference;
    };
    const equalOnceMerged = (id: string) => {
      const input = this.definitions.get(provisional(id, 'input'));
      const output = this.definitions.get(provisional(id, 'output'));
      if (!input || !output) return false;
      return (
        JSON.stringify(mapReferences(input, canonical)) === JSON.stringify(mapReferences(output, canonical))
      );
    };
    for (let changed = true; changed;) {
      changed = false;
      for (const id of this.namedIds()) {
        if (merged.has(id) || !equalOnceMerged(id)) continue;
        merged.add(id);
        changed = true;
      }
    }
    return canonical;
  }

  /**
   * Component names of the definitions left after merging: `X~output` → `X`; `X~input` → `X` when only the input
   * exists, else `XInput`. Plain names are given first, so a suffixed name that an exported schema already holds
   * (`deploymentInputSchema`) gets a number instead.
   */
  private finalNames(canonical: (name: string) => string): Map<string, string> {
    const kept = [...this.definitions.keys()].filter((name) => canonical(name) === name).sort();
    const wanted = (name: string) => {
      const [id = '', direction] = provisionalParts(name);
      const suffixed = direction === 'input' && this.definitions.has(provisional(id, 'output'));
      return suffixed ? `${id}Input` : id;
    };
    const names = new Map<string, string>();
    const taken = new Set<string>();
    const assign = (name: string) => {
      let final = wanted(name);
      for (let counter = 2; taken.has(final); counter++) final = `${wanted(name)}${counter}`;
      names.set(name, final);
      taken.add(final);
    };
    const isPlain = (name: string) => wanted(name) === provisionalParts(name)[0] && name.includes('~');
    kept.filter(isPlain).forEach(assign);
    kept.filter((name) => !isPlain(name)).forEach(assign);
    return names;
  }

  private namedIds(): string[] {
    return [...new Set([...this.definitions.keys()].map((name) => provisionalParts(name)[0] ?? ''))];
  }

  private annotate(context: { zodSchema: unknown; jsonSchema: OpenApiSchema }, direction: SchemaDirection) {
    const schema = context.zodSchema as z.ZodType;
    if (direction === 'output' && schema instanceof z.ZodPipe && schema.out instanceof z.ZodTransform)
      Object.assign(context.jsonSchema, this.convert(schema.in as z.ZodType, 'input'));
    const documentation = z.globalRegistry.get(schema);
    for (const key of DOCUMENTATION_KEYS) {
      if (documentation?.[key] !== undefined) context.jsonSchema[key] = documentation[key];
    }
  }

  /** Moves local definitions (and a root that refers to itself) out of the schema, under provisional names. */
  private hoist(json: OpenApiSchema, direction: SchemaDirection): OpenApiSchema {
    const { $defs: localDefinitions, ...root } = json as OpenApiSchema & {
      $defs?: Record<string, OpenApiSchema>;
    };
    const local: [string, OpenApiSchema][] = Object.entries(localDefinitions ?? {}).map(([name, body]) => [
      `#/$defs/${name}`,
      body,
    ]);
    if (containsReference(root, '#')) local.push(['#', root]);
    const targets = new Map<string, string>();
    for (const [reference, body] of local) {
      const id = reference.slice('#/$defs/'.length);
      const named = reference !== '#' && !id.startsWith('__');
      targets.set(
        reference,
        `${COMPONENT_PREFIX}${named ? provisional(id, direction) : this.anonymousName(body, reference)}`,
      );
    }
    const rewrite = (node: OpenApiSchema) =>
      mapReferences(node, (reference) => targets.get(reference) ?? reference) as OpenApiSchema;
    for (const [reference, body] of local) {
      const name = (targets.get(reference) ?? '').slice(COMPONENT_PREFIX.length);
      if (!this.definitions.has(name)) this.definitions.set(name, rewrite(body));
    }
    const self = targets.get('#');
    return self !== undefined ? { $ref: self } : rewrite(root);
  }

  /** Equal recursive definitions share one component; `z.json()` is `JsonValue`. */
  private anonymousName(body: OpenApiSchema, localReference: string): string {
    const key = JSON.stringify(
      mapReferences(body, (reference) => (reference === localReference ? '#self' : reference)),
    );
    let name = this.anonymousNameByKey.get(key);
    if (name === undefined) {
      name = key === JSON_VALUE_KEY ? 'JsonValue' : `RecursiveSchema${this.anonymousNameByKey.size + 1}`;
      this.anonymousNameByKey.set(key, name);
    }
    return name;
  }
}

function provisional(id: string, direction: SchemaDirection): string {
  return `${id}~${direction}`;
}

function provisionalParts(name: string): [string, SchemaDirection | undefined] {
  const [id = '', direction] = name.split('~');
  return [id, direction === 'input' || direction === 'output' ? direction : undefined];
}

/** What `z.json()` becomes on its own (a root that refers to itself as `#`), keyed as {@link anonymousName} keys. */
const JSON_VALUE_KEY = (() => {
  const json = z.toJSONSchema(z.json(), { target: 'draft-2020-12' }) as OpenApiSchema;
  delete json.$schema;
  return JSON.stringify(mapReferences(json, (reference) => (reference === '#' ? '#self' : reference)));
})();

function containsReference(node: unknown, reference: string): boolean {
  if (Array.isArray(node)) return node.some((item) => containsReference(item, reference));
  if (node === null || typeof node !== 'object') return false;
  return Object.entries(node).some(([key, value]) =>
    key === '$ref' ? value === reference : containsReference(value, reference),
  );
}

/** A deep copy with every `$ref` passed through `rename`. */
function mapReferences(node: unknown, rename: (reference: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => mapReferences(item, rename));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' ? rename(value) : mapReferences(value, rename),
    ]),
  );
}

/** The schemas reachable through `$ref`s from `roots` (operations, shared responses), following references. */
export function referencedSchemas(
  schemas: Record<string, OpenApiSchema>,
  roots: unknown,
): Record<string, OpenApiSchema> {
  const reachable = new Set<string>();
  const queue: unknown[] = [roots];
  while (queue.length > 0) {
    mapReferences(queue.pop(), (reference) => {
      const name = reference.startsWith(COMPONENT_PREFIX) ? reference.slice(COMPONENT_PREFIX.length) : '';
      if (name in schemas && !reachable.has(name)) {
        reachable.add(name);
        queue.push(schemas[name]);
      }
      return reference;
    });
  }
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => reachable.has(name)));
}
