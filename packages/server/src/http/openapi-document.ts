type Json = Record<string, any>;

/** openapi.yaml, parsed: local `$ref`s resolved on demand, concrete paths matched to templates. */
export interface OpenApiDocument {
  readonly spec: Json;
  /** The object a local `$ref` points to (followed until it is not a reference). */
  resolve(obj: Json): Json;
  /** The path template a concrete path matches, e.g. `/api/v1/machines/{id}/energy`. */
  templateOf(path: string): string | undefined;
}

export function openApiDocument(spec: Json): OpenApiDocument {
  const templates = Object.keys(spec.paths ?? {}).map((template) => ({
    template,
    // One anchored, case-sensitive regexp per template, compiled once: the router matches the same way.
    regexp: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)')}$`),
  }));
  const resolve = (obj: Json): Json => {
    if (typeof obj?.$ref !== 'string' || !obj.$ref.startsWith('#/')) return obj;
    const parts = obj.$ref.slice(2).split('/').map((p: string) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
    return resolve(parts.reduce((o: Json, k: string) => o?.[k], spec));
  };
  return {
    spec,
    resolve,
    templateOf: (path) => templates.find((t) => t.regexp.test(path))?.template,
  };
}
