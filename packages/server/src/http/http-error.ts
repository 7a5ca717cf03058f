/** One bad parameter of a request, as listed in a problem's `errors`. */
export interface FieldError {
  name: string;
  in?: string;
  message: string;
}

/** Thrown by handlers; the one error middleware turns it into problem+json. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, errors: FieldError[] = []) => new HttpError(400, 'Bad request', detail, errors);
export const notFound = (detail: string) => new HttpError(404, 'Not found', detail);
/** 503: the aggregation DB cannot serve now; `detail` says why and the fix. */
export const unavailable = (detail: string) => new HttpError(503, 'Service unavailable', detail, [], { 'Retry-After': '5' });
