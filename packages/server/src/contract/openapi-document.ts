/** The parts of an OpenAPI document the server reads; the rest passes through untyped. */
export interface Reference {
  $ref: string;
}
export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: object;
}
export interface Operation {
  parameters?: (Parameter | Reference)[];
}
export type PathItem = { parameters?: (Parameter | Reference)[] } & { [method: string]: Operation | undefined };
export interface OpenApiSpec {
  paths: Record<string, PathItem>;
}

/** openapi.yaml, parsed: local `$ref`s resolved on demand. */
export interface OpenApiDocument {
  readonly spec: OpenApiSpec;
  /** The parameter a local `$ref` points to (followed until it is not a reference). */
  resolve(obj: Parameter | Reference): Parameter;
  /** The spec's paths and the methods each answers (upper case), in the spec's order. */
  paths(): { template: string; methods: string[] }[];
  /** The operation of `method` at `template`, if the spec has it. */
  operation(method: string, template: string): Operation | undefined;
}

const isReference = (obj: unknown): obj is Reference =>
  typeof obj === 'object' && obj !== null && typeof (obj as Reference).$ref === 'string';

export function openApiDocument(spec: OpenApiSpec): OpenApiDocument {
  const follow = (ref: string): unknown => {
    if (!ref.startsWith('#/')) throw new Error(`openapi.yaml: only local references are supported, got ${ref}`);
    const parts = ref
      .slice(2)
      .split('/')
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    return parts.reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      spec,
    );
  };
  const resolve = (obj: Parameter | Reference): Parameter => {
    let node: unknown = obj;
    for (let depth = 0; isReference(node); depth++) {
      if (depth > 16) throw new Error(`openapi.yaml: reference cycle at ${node.$ref}`);
      node = follow(node.$ref);
    }
    if (typeof node !== 'object' || node === null || typeof (node as Parameter).name !== 'string')
      throw new Error('openapi.yaml: a parameter reference leads to no parameter');
    return node as Parameter;
  };
  return {
    spec,
    resolve,
    paths: () =>
      Object.entries(spec.paths ?? {}).map(([template, item]) => ({
        template,
        methods: Object.keys(item ?? {})
          .filter((k) => k !== 'parameters')
          .map((m) => m.toUpperCase()),
      })),
    operation: (method, template) => {
      const item = spec.paths?.[template];
      return method === 'parameters' ? undefined : item?.[method.toLowerCase()];
    },
  };
}
