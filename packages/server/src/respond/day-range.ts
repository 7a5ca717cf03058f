import { addDays, isDay } from '@spindle/core';
import { badRequest } from '../http/http-error.js';

export interface DayRange {
  from: string;
  to: string;
}

/**
 * `from` and `to` (inclusive; `to` defaults to `from`) after the spec checked their
 * format: `to` before `from`, or more days than the limit, is a 400 naming `to`.
 */
export function dayRange(req: { readonly query: Readonly<Record<string, unknown>> }, maxDays: number): DayRange {
  const from = String(req.query.from);
  const to = req.query.to === undefined ? from : String(req.query.to);
  for (const [name, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isDay(day))
      throw badRequest(`${name} (${day}) is not a calendar day`, [{ name, in: 'query', message: 'must be a real day YYYY-MM-DD' }]);
  }
  if (to < from) throw badRequest(`to (${to}) is before from (${from})`, [{ name: 'to', in: 'query', message: 'must not be before from' }]);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > maxDays) {
    throw badRequest(`the range ${from}..${to} holds ${days} days; at most ${maxDays} per request`, [
      { name: 'to', in: 'query', message: `must be at most ${maxDays - 1} days after from (${addDays(from, maxDays - 1)})` },
    ]);
  }
  return { from, to };
}
