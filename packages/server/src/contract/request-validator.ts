import { Ajv2020, type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { badRequest, type FieldError } from '../respond/http-error.js';
import type { OpenApiDocument } from './openapi-document.js';

/** Local references become references into the document registered as `spec`. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `spec${v}` : rebase(v)]),
  );
}

function fieldError(where: 'query' | 'path', e: ErrorObject): FieldError {
  if (e.keyword === 'required') return { name: String(e.params.missingProperty), in: where, message: 'is required' };
  if (e.keyword === 'additionalProperties') {
    return { name: String(e.params.additionalProperty), in: where, message: 'is not a parameter of this operation (see /docs)' };
  }
  const name = e.instancePath.split('/')[1] ?? where;
  if (e.keyword === 'enum') return { name, in: where, message: `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}` };
  return { name, in: where, message: e.message ?? 'is invalid' };
}

/** Each string value that holds a NUL byte, which no parameter may carry (PostgreSQL text cannot). */
function nulErrors(where: 'query' | 'path', values: Record<string, unknown>): FieldError[] {
  return Object.entries(values)
    .filter(([, v]) => (Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && x.includes('\u0000')))
    .map(([name]) => ({ name, in: where, message: 'must not contain a NUL byte' }));
}

/** The query parameters that mean something: names starting with `_` are cache busters (`_=1700000000000`), ignored. */
export function meaningfulQuery(query: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(query).filter(([name]) => !name.startsWith('_'));
}

/** Throws 400 naming each bad parameter. */
export type ValidateRequest = (params: Record<string, string>, query: Readonly<Record<string, unknown>>) => void;

export interface RequestValidator {
  /** The check of one operation of openapi.yaml; throws at start-up when the spec lacks it. */
  operation(method: string, template: string): ValidateRequest;
  /** Whether openapi.yaml has this operation. */
  has(method: string, template: string): boolean;
}

/**
 * Validates requests against openapi.yaml, one schema compiled per operation at
 * start-up: the spec stays the single source of truth, at a fraction of a
 * general-purpose validator's per-request cost. Each route carries its own
 * operation's validator, so what is validated is what the router matched, never
 * a reading of the raw path. A bad parameter gets 400 naming each one.
 */
export function requestValidator(doc: OpenApiDocument): RequestValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true });
  addFormats.default(ajv);
  ajv.addSchema(rebase(doc.spec) as AnySchema, 'spec');

  return {
    has: (method, template) => doc.operation(method, template) !== undefined,
    operation(method, template) {
      const op = doc.operation(method, template);
      if (!op) throw new Error(`openapi.yaml has no operation ${method.toUpperCase()} ${template}`);
      const params = [...(doc.spec.paths[template]?.parameters ?? []), ...(op.parameters ?? [])].map((p) => doc.resolve(p));
      const schemaOf = (where: 'query' | 'path') => {
        const mine = params.filter((p) => p.in === where);
        return ajv.compile({
          type: 'object',
          properties: Object.fromEntries(mine.map((p) => [p.name, rebase(p.schema ?? {})])),
          required: mine.filter((p) => p.required).map((p) => p.name),
          additionalProperties: false,
        });
      };
      const validate: Record<'query' | 'path', ValidateFunction> = { query: schemaOf('query'), path: schemaOf('path') };
      return (params, query) => {
        const values: Record<'path' | 'query', Record<string, unknown>> = {
          path: params,
          query: Object.fromEntries(meaningfulQuery(query)),
        };
        const errors: FieldError[] = [];
        for (const where of ['path', 'query'] as const) {
          // Validated on copies: coercion of "7" to 7 must not change what handlers read.
          if (!validate[where]({ ...values[where] })) errors.push(...(validate[where].errors ?? []).map((e) => fieldError(where, e)));
          errors.push(...nulErrors(where, values[where]));
        }
        if (errors.length > 0) throw badRequest(errors.map((e) => `${e.name}: ${e.message}`).join('; '), errors);
      };
    },
  };
}
