import { readFileSync } from 'node:fs';
import addFormats from 'ajv-formats';
import { OpenAPIBackend, SetMatchType, type Document } from 'openapi-backend';
import { parse } from 'yaml';
import { specPath } from '@spindle/server';

type Json = Record<string, any>;
const spec: Json = parse(readFileSync(specPath(), 'utf8'));

/**
 * openapi-backend checks `application/json` bodies only; problem+json is JSON,
 * so every error body is offered to it under that name as well.
 */
function withProblemsAsJson(doc: Json): Json {
  const copy = structuredClone(doc);
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const content = (node as Json).content;
    if (content?.['application/problem+json'] && !content['application/json'])
      content['application/json'] = content['application/problem+json'];
    for (const value of Object.values(node)) visit(value);
  };
  visit(copy);
  return copy;
}

// A third-party reading of the spec (openapi-backend: its router, its dereferencing,
// its response and header validators), so a misreading of ours cannot hide a
// contradiction. `quick` skips its check of the document itself, which knows
// OpenAPI 3.0 only and refuses 3.1's `info.summary`; Redocly lints the document.
const backend = new OpenAPIBackend({
  definition: withProblemsAsJson(spec) as Document,
  quick: true,
  validate: true,
  ajvOpts: { strict: false, allErrors: true },
  ignoreTrailingSlashes: false,
  customizeAjv: (ajv) => {
    addFormats.default(ajv as never);
    return ajv;
  },
});
await backend.init();

/** The spec's path template that a concrete path matches, e.g. /api/v1/machines/{id}/energy. */
export function templateOf(path: string): string | undefined {
  return backend.router.matchOperation({ method: 'get', path, headers: {} })?.path;
}

/**
 * Checks a response against openapi.yaml: the status is documented for the
 * operation, the documented headers are present and valid, the content type is
 * documented, and a JSON body matches its schema. Returns the problems, none when valid.
 */
export function validateResponse(method: string, url: string, res: { status: number; headers: Headers; body: string }): string[] {
  const path = new URL(url, 'http://x').pathname;
  const operation = backend.router.matchOperation({ method: method.toLowerCase(), path, headers: {} });
  if (!operation) return res.status === 404 ? [] : [`${path} is not in the spec`];
  const response = (operation.responses as Json | undefined)?.[String(res.status)];
  if (!response) return [`${method} ${operation.path} does not document status ${res.status}`];
  const problems: string[] = [];
  // openapi-backend's 'superset' takes every documented header as required; the spec marks which are.
  for (const [name, header] of Object.entries<Json>(response.headers ?? {})) {
    if (header.required && !res.headers.has(name)) problems.push(`missing header ${name.toLowerCase()}`);
  }
  const headers = backend.validateResponseHeaders(Object.fromEntries(res.headers), operation, {
    statusCode: res.status,
    setMatchType: SetMatchType.Any,
  });
  problems.push(...(headers.errors ?? []).map((e) => `header ${e.instancePath} ${e.message}`));
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!response.content) return res.body === '' ? problems : [...problems, `status ${res.status} has a body but documents none`];
  if (!response.content[contentType]) return [...problems, `content type ${contentType} not documented for ${res.status}`];
  if (contentType.endsWith('json')) {
    const body = backend.validateResponse(JSON.parse(res.body), operation, res.status);
    problems.push(...(body.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  }
  return problems;
}
