import type { components } from './generated/api.js';

/** The API's problem+json (RFC 9457), or a network failure with status 0 and its `cause`. */
export type Problem = components['schemas']['Problem'] & { cause?: unknown };

/** Every call resolves to data or an error, never throws for HTTP or network failures. */
export type Result<T> = { data: T; error?: undefined; response: Response } | { data?: undefined; error: Problem; response?: Response };

/** Thrown by the alert iterator, which cannot return an error: it carries the problem. */
export class SpindleApiError extends Error {
  override name = 'SpindleApiError';
  constructor(readonly problem: Problem) {
    super(`${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`, { cause: problem.cause });
  }
}

export function networkProblem(cause: unknown): Problem {
  const aborted = (cause as { name?: string })?.name === 'AbortError';
  return {
    type: aborted ? 'about:blank#aborted' : 'about:blank#network',
    title: aborted ? 'Aborted' : 'Network error',
    status: 0,
    detail: cause instanceof Error ? cause.message : String(cause),
    cause,
  };
}
