import { Ajv2020, type AnySchema, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { badRequest, type FieldError } from '../http/http-error.js';
import type { OpenApiDocument } from './openapi-document.js';

type Where = 'query' | 'path';

/** Local references become references into the document registered as `spec`. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `spec${v}` : rebase(v)]),
  );
}

function fieldError(where: Where, e: ErrorObject): FieldError {
  if (e.keyword === 'required') return { name: String(e.params.missingProperty), in: where, message: 'is required' };
  if (e.keyword === 'additionalProperties') {
    return { name: String(e.params.additionalProperty), in: where, message: 'is not a parameter of this operation (see /docs)' };
  }
  const name = e.instancePath.split('/')[1] ?? where;
  if (e.keyword === 'enum') return { name, in: where, message: `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}` };
  return { name, in: where, message: e.message ?? 'is invalid' };
}

/** Each string value that holds a NUL byte, which no parameter may carry (PostgreSQL text cannot). */
function nulErrors(where: Where, values: Record<string, unknown>): FieldError[] {
  return Object.entries(values)
    .filter(([, v]) => (Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && x.includes('\u0000')))
    .map(([name]) => ({ name, in: where, message: 'must not contain a NUL byte' }));
}

/** Names starting with `_` are cache busters (`_=1700000000000`): no parameter, ignored. */
const isCacheBuster = (name: string) => name.startsWith('_');

export interface RequestValidator {
  /** The route schema of one operation of openapi.yaml: its path and query parameters. Throws at start-up when the spec lacks it. */
  schemaOf(method: string, template: string): FastifySchema;
  /** Whether openapi.yaml has this operation. */
  has(method: string, template: string): boolean;
  /** Compiles those schemas for the router: one ajv function per operation and part, at start-up. */
  compiler: FastifySchemaCompiler<unknown>;
}

/**
 * Validates requests against openapi.yaml itself, so the spec and the behaviour
 * cannot drift apart. Each operation's parameters become the router's schemas of
 * `params` and `querystring`, compiled once; values are coerced to their types
 * (handlers read `limit` as a number), cache busters dropped, and a bad parameter
 * is a 400 naming each one.
 */
export function requestValidator(doc: OpenApiDocument): RequestValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true });
  addFormats.default(ajv);
  ajv.addSchema(rebase(doc.spec) as AnySchema, 'spec');

  return {
    has: (method, template) => doc.operation(method, template) !== undefined,
    schemaOf(method, template) {
      const op = doc.operation(method, template);
      if (!op) throw new Error(`openapi.yaml has no operation ${method.toUpperCase()} ${template}`);
      const params = [...(doc.spec.paths[template]?.parameters ?? []), ...(op.parameters ?? [])].map((p) => doc.resolve(p));
      const schemaOf = (where: Where) => {
        const mine = params.filter((p) => p.in === where);
        return {
          type: 'object',
          properties: Object.fromEntries(mine.map((p) => [p.name, rebase(p.schema ?? {})])),
          required: mine.filter((p) => p.required).map((p) => p.name),
          additionalProperties: false,
        };
      };
      return { params: schemaOf('path'), querystring: schemaOf('query') };
    },
    compiler({ schema, httpPart }) {
      const where: Where = httpPart === 'params' ? 'path' : 'query';
      const validate = ajv.compile(schema as AnySchema);
      return (data: unknown) => {
        const values = Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([name]) => !isCacheBuster(name)));
        const errors = nulErrors(where, values);
        if (!validate(values)) errors.unshift(...(validate.errors ?? []).map((e) => fieldError(where, e)));
        if (errors.length > 0) return { error: badRequest(errors.map((e) => `${e.name}: ${e.message}`).join('; '), errors) };
        return { value: values };
      };
    },
  };
}
