import fastifySwagger, { type StaticDocumentSpec } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { pathOf } from '../http/request-target.js';

/**
 * openapi.yaml as written at `/openapi.yaml`, and Swagger UI over it at `/docs/`.
 * The UI's page loads its assets and the spec by relative paths, so `/docs` is
 * redirected to `docs/` (relative too: it holds under a portal's mount path).
 */
export async function apiDocs(app: FastifyInstance, spec: { text: string; document: object }): Promise<void> {
  // Parsed from openapi.yaml, whose conformance to OpenAPI 3.1 a test checks.
  const document = spec.document as StaticDocumentSpec['document'];
  app.get('/openapi.yaml', (_req, reply) => reply.type('application/yaml').send(spec.text));
  await app.register(fastifySwagger, { mode: 'static', specification: { document } });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    theme: { title: 'Spindle API' },
    uiHooks: {
      onRequest: (req, reply, done) => {
        if (pathOf(req.url) === '/docs') reply.redirect('docs/', 301);
        else done();
      },
    },
  });
}
