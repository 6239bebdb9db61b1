import { randomUUID } from 'node:crypto';

/** The parts of an OpenAPI 3 document read here. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  allOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
}

export interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content: Record<string, { schema: Schema }> };
        parameters?: Array<{ name: string; in: string; schema?: Schema }>;
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

/** One JSON body an operation accepts (each `oneOf` alternative is its own). */
export interface JsonOperation {
  method: string;
  /** OpenAPI path, `/api/tasks/{id}`. */
  path: string;
  schema: Schema;
}

export function resolve(doc: OpenApi, schema: Schema): Schema {
  let current = schema;
  for (let i = 0; current.$ref && i < 10; i++) {
    current = doc.components.schemas[current.$ref.replace('#/components/schemas/', '')];
  }
  if (current.allOf) {
    const parts = current.allOf.map((part) => resolve(doc, part));
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
      required: parts.flatMap((part) => part.required ?? []),
    };
  }
  return current;
}

/** Every operation with an application/json body, alternatives of a `oneOf` apart. */
export function jsonOperations(doc: OpenApi): JsonOperation[] {
  const operations: JsonOperation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const schema = operation.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      const resolved = resolve(doc, schema);
      for (const alternative of resolved.oneOf ?? [schema]) {
        operations.push({ method: method.toUpperCase(), path, schema: alternative });
      }
    }
  }
  return operations;
}

/**
 * A body that satisfies the schema's types, formats and enums (examples first), with every
 * required property and, when `optional`, the others too. Valid-ish: business rules (a version
 * that matches, an id that exists) are the API's to check.
 */
export function sample(doc: OpenApi, schema: Schema, optional = false, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.oneOf?.length) return sample(doc, s.oneOf[0], optional, depth + 1);
  if (s.anyOf?.length) return sample(doc, s.anyOf[0], optional, depth + 1);
  switch (s.type ?? 'object') {
    case 'string':
      switch (s.format ?? '') {
        case 'uuid':
          return randomUUID();
        case 'date':
          return '2026-12-21';
        case 'date-time':
          return '2026-12-21T03:00:00.000Z';
        case 'email':
          return 'someone@example.org';
        case 'uri':
        case 'url':
          return 'https://example.org/report';
        default:
          return 'Báo cáo kết quả';
      }
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 || !s.items ? [] : [sample(doc, s.items, optional, depth + 1)];
    default: {
      const body: Record<string, unknown> = {};
      if (depth > 4) return body;
      for (const [name, property] of Object.entries(s.properties ?? {})) {
        if (optional || s.required?.includes(name)) {
          body[name] = sample(doc, property, optional, depth + 1);
        }
      }
      return body;
    }
  }
}

/** Paths inside a schema where an object sits (`[]` the top, `['tasks', 0]` an array item). */
export function objectPaths(
  doc: OpenApi,
  schema: Schema,
  at: Array<string | number> = [],
  depth = 0,
): Array<Array<string | number>> {
  const s = resolve(doc, schema);
  if (depth > 4) return [];
  if (s.type === 'array' && s.items) return objectPaths(doc, s.items, [...at, 0], depth + 1);
  if (s.properties) {
    return [
      at,
      ...Object.entries(s.properties).flatMap(([name, property]) =>
        objectPaths(doc, property, [...at, name], depth + 1),
      ),
    ];
  }
  return [];
}

/** `/api/tasks/{id}` with ids, dates and other parameters filled. */
export function concretePath(path: string, values: Record<string, string> = {}): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (values[name] !== undefined) return encodeURIComponent(values[name]);
    if (name === 'date') return '2031-02-03';
    return randomUUID();
  });
}
