import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { assertMachineAllowed } from '../access/access-control.js';
import type { OperationHandler, OperationPath, OperationReply, OperationRouter } from '../contract/operation-types.js';
import type { RequestValidator } from '../contract/request-validator.js';
import { HttpError } from '../http/http-error.js';
import { mountPath, pathOf } from '../http/request-target.js';
import { addVary } from '../respond/cache-headers.js';
import { answeredUnchanged } from '../respond/conditional.js';
import { sendList } from '../respond/send-list.js';
import type { RouteContext } from './route-context.js';

const negotiatesCsv = (accept: string | undefined) =>
  accept !== undefined && new Negotiator({ headers: { accept } }).mediaType(['application/json', 'text/csv']) === 'text/csv';

/** `?format=csv`, or an Accept header that prefers text/csv over JSON. */
function asksForCsv(req: FastifyRequest): boolean {
  const format = (req.query as { format?: unknown }).format;
  if (format === 'csv') return true;
  if (format === 'json') return false;
  return negotiatesCsv(req.headers.accept);
}

/** A JSON path asked for CSV: 303 to its `.csv` operation, the other parameters kept as sent. */
function seeCsv(req: FastifyRequest, reply: FastifyReply): void {
  const q = req.url.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1));
  query.delete('format');
  const search = query.toString();
  addVary(reply, ['Accept']);
  // No body: the spec's 303 has none, and every client follows Location.
  reply
    .code(303)
    .header('Location', `${mountPath(req.raw)}${pathOf(req.url)}.csv${search ? `?${search}` : ''}`)
    .header('Content-Length', 0)
    .send();
}

/** 403 before anything else reads the request, when the credential does not open the machine the path names. */
function machineScope(req: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  const { id } = req.params as { id?: string };
  if (id !== undefined) assertMachineAllowed(req, id);
  done();
}

/**
 * The operations of openapi.yaml on the router, by the spec's own templates
 * (`/api/v1/machines/{id}/energy`): each validated against its parameters, its
 * machine checked against the credential, its CSV twin answered by the same
 * handler (or reached by a 303 when the JSON path is asked for CSV). Replies
 * gain `unchanged` and `list`, which answer with the validators and formats of
 * the API.
 */
export function operationRouter(app: FastifyInstance, ctx: RouteContext, validator: RequestValidator): OperationRouter {
  app.decorateReply('unchanged', function (this: FastifyReply, machines: Parameters<OperationReply<OperationPath>['unchanged']>[0]) {
    return answeredUnchanged(this.request, this, machines, ctx.build, ctx.cacheSeconds);
  });
  app.decorateReply('list', function (this: FastifyReply, ...[body, columns, machine]: Parameters<OperationReply<OperationPath>['list']>) {
    sendList(this.request, this, body as { items: Record<string, unknown>[] }, columns, ctx.cacheSeconds, machine);
  });
  return {
    get<P extends OperationPath>(path: P, handler: OperationHandler<P>) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      // The one place the reply is seen as what it is at run time: decorated for operation P.
      // Returning the reply tells fastify the answer was sent, a streamed (compressed) one included.
      const answer = async (req: FastifyRequest, reply: FastifyReply) => {
        await handler(req as Parameters<OperationHandler<P>>[0], reply as unknown as OperationReply<P>);
        return reply;
      };
      const twin = `${path}.csv`;
      const hasTwin = validator.has('get', twin);
      app.route({
        method: 'GET',
        url,
        schema: validator.schemaOf('get', path),
        preValidation: machineScope,
        handler: hasTwin ? (req, reply) => (asksForCsv(req) ? seeCsv(req, reply) : answer(req, reply)) : answer,
      });
      if (hasTwin) {
        app.route({
          method: 'GET',
          url: `${url}.csv`,
          schema: validator.schemaOf('get', twin),
          config: { csv: true },
          preValidation: machineScope,
          handler: answer,
        });
      }
    },
  };
}

const NOT_GET = ['DELETE', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** Every path of the spec asked with a method it does not answer: 405 naming the ones it does in `Allow`. */
export function methodNotAllowed(app: FastifyInstance, paths: readonly { template: string; methods: string[] }[]): void {
  for (const { template, methods } of paths) {
    app.route({
      method: NOT_GET.filter((m) => !methods.includes(m)),
      url: template.replace(/\{(\w+)\}/g, ':$1'),
      handler: () => {
        throw new HttpError(405, 'Method not allowed', `${template} answers ${methods.join(', ')}`, [], { Allow: methods.join(', ') });
      },
    });
  }
}
