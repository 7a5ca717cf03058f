import type { paths } from '@spindle/sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServedMachine } from '../db/machine-record.js';

/**
 * The types of each operation, from the same openapi-typescript `paths` the SDK
 * is built on: a change of openapi.yaml that a handler no longer fits fails
 * `npm run typecheck`.
 */
type Get<P extends keyof paths> = NonNullable<paths[P]['get']>;

/** The spec's paths but the `.csv` twins, which their JSON operation's handler answers. */
export type OperationPath = Exclude<keyof paths, `${string}.csv`>;

type Defined<T> = [NonNullable<T>] extends [never] ? Record<string, never> : NonNullable<T>;

/** Path parameters of the operation at P, decoded. */
export type PathParams<P extends OperationPath> = Defined<Get<P>['parameters']['path']>;
/** Query parameters of the operation at P, coerced to their schema's types, cache busters dropped. */
export type QueryParams<P extends OperationPath> = Defined<Get<P>['parameters']['query']>;
/** The 200 JSON body of the operation at P. */
export type JsonBody<P extends OperationPath> = Get<P>['responses'][200]['content'] extends { 'application/json': infer B } ? B : never;

/** A request of the operation at P, matched, validated and admitted. */
export type OperationRequest<P extends OperationPath> = FastifyRequest<{ Params: PathParams<P>; Querystring: QueryParams<P> }>;

/** How an operation answers, besides the framework's reply: with the API's validators and formats. */
export interface Answering<P extends OperationPath> {
  /** Sets the validators of an answer that reads `machines`; true when it answered 304, the client's copy being current. */
  unchanged(machines: readonly ServedMachine[]): boolean;
  /** Sends the list as JSON, or as CSV on the `.csv` twin (columns in order; one machine's rows carry its id and zone). */
  list(body: JsonBody<P>, columns: readonly string[], machine?: ServedMachine): void;
}

export type OperationReply<P extends OperationPath> = FastifyReply & Answering<P>;

export type OperationHandler<P extends OperationPath> = (req: OperationRequest<P>, reply: OperationReply<P>) => unknown;

/** Where route modules register the operations of openapi.yaml, by the spec's own path template. */
export interface OperationRouter {
  /** The GET operation at `path`; when the spec has its CSV twin (`path` + `.csv`), the handler answers that one too. */
  get<P extends OperationPath>(path: P, handler: OperationHandler<P>): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What opened the request: an API key, an embed token, or null with access control off. */
    credential: 'key' | 'token' | null;
    /** The machines the credential opens, or null for every machine. */
    allowedMachines: ReadonlySet<string> | null;
  }
  interface FastifyContextConfig {
    /** A `.csv` operation: sendList writes CSV. */
    csv?: boolean;
  }
}
