import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import Negotiator from 'negotiator';
import { assertMachineAllowed } from '../access/access-control.js';
import vary from 'vary';
import { type Exchange, header } from '../http/exchange.js';
import { HttpError } from '../respond/http-error.js';
import type { OpenApiDocument } from './openapi-document.js';
import type { RequestValidator, ValidateRequest } from './request-validator.js';

/** What an operation's handler reads of a request: matched, decoded and validated. */
export interface ApiRequest {
  readonly method: string;
  /** The path as sent (percent-escapes kept), without the query. */
  readonly path: string;
  /** Where the API is mounted when an express app mounts it ('' otherwise): links start with it. */
  readonly base: string;
  /** Path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters; a repeated name gives an array. */
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  /** The machines the credential opens, or null for every machine. */
  readonly allowedMachines: ReadonlySet<string> | null;
  /** What opened the request: an API key, an embed token, or null with access control off. */
  readonly credential: 'key' | 'token' | null;
  /** True on a `.csv` operation: sendList writes CSV. */
  readonly csv: boolean;
  /** A request header's value. */
  header(name: string): string | undefined;
}

export type OperationHandler = (req: ApiRequest, res: ServerResponse) => void | Promise<void>;

/** Where route modules register the operations of openapi.yaml. */
export interface OperationRouter {
  /**
   * A GET operation; `path` in express syntax (`/api/v1/machines/:id/energy`).
   * When the spec has its CSV twin (the same path plus `.csv`), the handler
   * answers that one too, its `sendList` writing CSV.
   */
  get(path: string, handler: OperationHandler): void;
}

interface Operation {
  /** The express-syntax path, the route label of metrics. */
  route: string;
  handler: OperationHandler;
  validate: ValidateRequest;
  csv: boolean;
  /** The JSON operation of a CSV twin: Accept or `format` may send the client there. */
  hasCsvTwin: boolean;
}

const isCsv = (accept: string | undefined) =>
  accept !== undefined && new Negotiator({ headers: { accept } }).mediaType(['application/json', 'text/csv']) === 'text/csv';

/** `?format=csv`, or an Accept header that prefers text/csv over JSON. */
function asksForCsv(req: IncomingMessage, query: Record<string, unknown>): boolean {
  if (query.format === 'csv') return true;
  if (query.format === 'json') return false;
  return isCsv(header(req, 'Accept'));
}

/** A JSON path asked for CSV: 303 to its `.csv` operation, the other parameters kept. */
function seeCsv(x: Exchange, base: string): void {
  const query = new URLSearchParams(x.search);
  query.delete('format');
  const search = query.toString();
  vary(x.res, 'Accept');
  x.res.statusCode = 303;
  x.res.setHeader('Location', `${base}${x.path}.csv${search ? `?${search}` : ''}`);
  // No body: the spec's 303 has none, and every client follows Location.
  x.res.setHeader('Content-Length', 0);
  x.res.end();
}

/**
 * The operations of openapi.yaml, served on plain node:http. A path is matched
 * against the spec's templates exactly as spelled (case-sensitive, no trailing
 * slash, escapes kept); its parameters are decoded and validated before the
 * handler runs, and a machine `id` is checked against the credential's machines
 * on the decoded id. So `/API/...`, `/api/v1/status/` or `/api/v1/MACHINES/…`
 * match nothing, and no spelling reaches a handler unvalidated or outside its
 * machine scope. A spec path asked with another method is 405 with `Allow`.
 */
export function operationRouter(doc: OpenApiDocument, validator: RequestValidator) {
  const operations = new Map<string, Operation>();
  const add = (template: string, route: string, handler: OperationHandler, csv: boolean, hasCsvTwin: boolean) =>
    operations.set(template, { route, handler, validate: validator.operation('get', template), csv, hasCsvTwin });
  const router: OperationRouter = {
    get(path, handler) {
      const template = path.replace(/:(\w+)/g, '{$1}');
      const twin = validator.has('get', `${template}.csv`);
      add(template, path, handler, false, twin);
      if (twin) add(`${template}.csv`, `${path}.csv`, handler, true, false);
    },
  };

  /**
   * Answers `x` when its path is a template of the spec served here; false when
   * it is none (a page, or nothing), for the pages to answer.
   */
  const dispatch = async (x: Exchange): Promise<boolean> => {
    const match = doc.match(x.path);
    if (!match) return false;
    const method = x.req.method === 'HEAD' ? 'GET' : (x.req.method ?? 'GET');
    if (!match.methods.includes(method)) {
      throw new HttpError(405, 'Method not allowed', `${match.template} answers ${match.methods.join(', ')}`, [], {
        Allow: match.methods.join(', '),
      });
    }
    const operation = operations.get(match.template);
    if (!operation) return false;
    x.route = operation.route;
    const params = Object.fromEntries(Object.entries(match.params).map(([name, raw]) => [name, decodeURIComponent(raw)]));
    if (params.id !== undefined) assertMachineAllowed(x, params.id);
    const query = parseQuery(x.search) as Record<string, string | string[] | undefined>;
    operation.validate(params, query);
    const base = (x.req as { baseUrl?: string }).baseUrl ?? '';
    if (operation.hasCsvTwin && asksForCsv(x.req, query)) {
      seeCsv(x, base);
      return true;
    }
    await operation.handler(
      {
        method,
        path: x.path,
        base,
        params,
        query,
        allowedMachines: x.allowedMachines,
        credential: x.credential,
        csv: operation.csv,
        header: (name) => header(x.req, name),
      },
      x.res,
    );
    return true;
  };
  return { router, dispatch };
}
