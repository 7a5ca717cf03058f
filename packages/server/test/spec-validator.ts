import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { specPath } from '../src/create-server.js';

type Json = Record<string, any>;
const spec: Json = parse(readFileSync(specPath(), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, 'spec');

const pointer = (parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

function resolve(obj: Json): Json {
  if (typeof obj?.$ref !== 'string') return obj;
  const parts = obj.$ref.slice(2).split('/').map((p: string) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  return resolve(parts.reduce((o: Json, k: string) => o[k], spec));
}

/** The spec's path template that a concrete path matches, e.g. /api/v1/machines/{id}/energy. */
export function templateOf(path: string): string | undefined {
  return Object.keys(spec.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
}

/**
 * Checks a response against openapi.yaml: the status is documented for the
 * operation, the documented headers are present, and the body matches the schema
 * of its media type. Returns the problems, none when valid.
 */
export function validateResponse(method: string, url: string, res: { status: number; headers: Headers; body: string }): string[] {
  const path = new URL(url, 'http://x').pathname;
  const template = templateOf(path);
  if (!template) return res.status === 404 ? [] : [`${path} is not in the spec`];
  const operation = spec.paths[template][method.toLowerCase()];
  const response = operation.responses[String(res.status)];
  if (!response) return [`${method} ${template} does not document status ${res.status}`];
  const resolved = resolve(response);
  const problems: string[] = [];
  for (const name of Object.keys(resolved.headers ?? {})) {
    if (!res.headers.has(name)) problems.push(`missing header ${name}`);
  }
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!resolved.content) return res.body === '' ? problems : [...problems, `status ${res.status} has a body but documents none`];
  const media = resolved.content[contentType];
  if (!media) return [...problems, `content type ${contentType} not documented for ${res.status}`];
  const body = contentType.endsWith('json') ? JSON.parse(res.body) : res.body;
  const ref = media.schema?.$ref;
  const schemaRef = ref
    ? `spec${ref}`
    : `spec#/${pointer(['paths', template, method.toLowerCase(), 'responses', String(res.status), 'content', contentType, 'schema'])}`;
  if (typeof response.$ref === 'string' && !ref) {
    return [...problems, 'inline schema inside a referenced response is not supported by this test helper'];
  }
  const valid = ajv.validate({ $ref: schemaRef }, body);
  if (!valid) problems.push(...(ajv.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`));
  return problems;
}
