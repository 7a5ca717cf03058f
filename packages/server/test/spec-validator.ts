import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { specPath } from '../src/create-server.js';
import { openApiDocument } from '../src/http/openapi-document.js';

type Json = Record<string, any>;
const doc = openApiDocument(parse(readFileSync(specPath(), 'utf8')));
const spec: Json = doc.spec;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(spec, 'spec');

const pointer = (parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** The spec's path template that a concrete path matches, e.g. /api/v1/machines/{id}/energy. */
export const templateOf = (path: string) => doc.templateOf(path);

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
  const resolved = doc.resolve(response);
  const problems: string[] = [];
  for (const [name, header] of Object.entries<Json>(resolved.headers ?? {})) {
    if (doc.resolve(header).required && !res.headers.has(name)) problems.push(`missing header ${name}`);
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
