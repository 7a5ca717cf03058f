import type { RequestHandler } from 'express';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { badRequest, HttpError, type FieldError } from './http-error.js';
import type { OpenApiDocument } from './openapi-document.js';

type Json = Record<string, any>;

interface Operation {
  query: ValidateFunction;
  path: ValidateFunction;
}

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

/**
 * Validates every request's path and query parameters against openapi.yaml, one
 * schema compiled per operation at start-up: the spec stays the single source of
 * truth, at a fraction of a general-purpose validator's per-request cost. A bad
 * parameter gets 400 naming each one; a method the path does not have, 405.
 * Paths outside the spec pass through (to 404, or to the static pages).
 */
export function requestValidator(doc: OpenApiDocument): RequestHandler {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true });
  addFormats.default(ajv);
  ajv.addSchema(rebase(doc.spec) as Json, 'spec');
  const operations = new Map<string, Operation>();
  for (const [template, item] of Object.entries<Json>(doc.spec.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => doc.resolve(p));
      const schemaOf = (where: 'query' | 'path') => {
        const mine = params.filter((p) => p.in === where);
        return ajv.compile({
          type: 'object',
          properties: Object.fromEntries(mine.map((p) => [p.name, rebase(p.schema ?? {})])),
          required: mine.filter((p) => p.required).map((p) => p.name),
          additionalProperties: false,
        });
      };
      operations.set(`${method.toUpperCase()} ${template}`, { query: schemaOf('query'), path: schemaOf('path') });
    }
  }
  const methodsOf = (template: string) => Object.keys(doc.spec.paths[template]).filter((k) => k !== 'parameters').map((m) => m.toUpperCase());

  return (req, _res, next) => {
    const template = doc.templateOf(req.path);
    if (!template) return next();
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const op = operations.get(`${method} ${template}`);
    if (!op) {
      const allowed = methodsOf(template);
      throw new HttpError(405, 'Method not allowed', `${template} answers ${allowed.join(', ')}`, [], { Allow: allowed.join(', ') });
    }
    const errors: FieldError[] = [];
    // Validated on copies: coercion of "7" to 7 must not change what handlers read.
    if (!op.path(doc.pathParams(template, req.path))) errors.push(...(op.path.errors ?? []).map((e) => fieldError('path', e)));
    if (!op.query({ ...(req.query as Json) })) errors.push(...(op.query.errors ?? []).map((e) => fieldError('query', e)));
    if (errors.length > 0) throw badRequest(errors.map((e) => `${e.name}: ${e.message}`).join('; '), errors);
    next();
  };
}
