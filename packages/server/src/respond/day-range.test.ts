import { expect, it } from 'vitest';
import { dayRange } from './day-range.js';
import { HttpError } from '../http/http-error.js';

const range = (query: Record<string, string>, maxDays = 366) => dayRange({ query }, maxDays);
const refusal = (query: Record<string, string>, maxDays?: number) => {
  try {
    range(query, maxDays);
  } catch (err) {
    return err instanceof HttpError ? [err.status, err.errors.map((e) => e.name)] : err;
  }
  return 'accepted';
};

it('reads from and to, inclusive, to defaulting to from', () => {
  expect(range({ from: '2024-03-04' })).toEqual({ from: '2024-03-04', to: '2024-03-04' });
  expect(range({ from: '2024-03-04', to: '2024-03-10' })).toEqual({ from: '2024-03-04', to: '2024-03-10' });
});

it('refuses with 400 naming the parameter: a day that does not exist, to before from, too many days', () => {
  expect(refusal({ from: '2024-02-30' })).toEqual([400, ['from']]);
  expect(refusal({ from: '2024-03-04', to: '2024-03-03' })).toEqual([400, ['to']]);
  expect(refusal({ from: '2024-01-01', to: '2024-01-31' }, 30)).toEqual([400, ['to']]);
  expect(refusal({ from: '2024-01-01', to: '2024-01-30' }, 30)).toBe('accepted');
});
