import { expect, it } from 'vitest';
import { localIso } from './zone.js';

it('writes an instant as local wall time with its offset, across DST and in half-hour zones', () => {
  expect(localIso(Date.parse('2022-03-27T01:00:00Z'), 'Europe/Madrid')).toBe('2022-03-27T03:00:00.000+02:00');
  expect(localIso(Date.parse('2022-03-27T00:59:59.999Z'), 'Europe/Madrid')).toBe('2022-03-27T01:59:59.999+01:00');
  expect(localIso(Date.parse('2024-03-04T08:00:00Z'), 'Asia/Kolkata')).toBe('2024-03-04T13:30:00.000+05:30');
  expect(localIso(Date.parse('2024-11-03T06:30:00Z'), 'America/New_York')).toBe('2024-11-03T01:30:00.000-05:00');
  expect(localIso(Date.parse('2024-11-03T05:30:00Z'), 'America/New_York')).toBe('2024-11-03T01:30:00.000-04:00');
  expect(localIso(0, 'UTC')).toBe('1970-01-01T00:00:00.000+00:00');
});
