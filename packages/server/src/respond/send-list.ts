import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ifNoneMatchHas, sendNotModified, setCacheHeaders } from './cache-headers.js';
import { toCsv } from './csv.js';

export interface ListBody {
  items: Record<string, unknown>[];
  next?: string | null;
}

/**
 * Decimals each numeric field is sent with, whatever the stored float carries:
 * durations to the millisecond, energy to 1e-6 kWh (a milliwatt-hour), sensor
 * values to 6 decimals. Sums of stored floats otherwise show their noise
 * (`1137759.9190000002`).
 */
const DECIMALS: Readonly<Record<string, number>> = {
  runningSeconds: 3,
  idleSeconds: 3,
  standbySeconds: 3,
  emergencySeconds: 3,
  offlineSeconds: 3,
  coveredSeconds: 3,
  plannedSeconds: 3,
  plannedRunningSeconds: 3,
  unplannedRunningSeconds: 3,
  durationSeconds: 3,
  seconds: 3,
  availability: 6,
  runningShare: 6,
  stateSeconds: 3,
  kwh: 6,
  energyKwh: 6,
  min: 6,
  max: 6,
  avg: 6,
  stddev: 6,
};

const SCALE = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];

/**
 * `Number(value.toFixed(decimals))`, ten times faster: the scaled product rounds
 * alike unless it lies within a hair of a half, where float error could decide,
 * and only there toFixed's exact decimal rounding is asked.
 */
export function roundTo(value: number, decimals: number): number {
  const scale = SCALE[decimals]!;
  const scaled = value * scale;
  const nearest = Math.round(scaled);
  // The product's own rounding error is at most half an ulp of it: eight times that is a safe margin.
  const margin = Math.max(1e-9, Math.abs(scaled) * 4 * Number.EPSILON);
  if (!Number.isFinite(scaled) || Math.abs(scaled) > 2 ** 52 || Math.abs(Math.abs(scaled - nearest) - 0.5) < margin) {
    return Number(value.toFixed(decimals));
  }
  return nearest / scale;
}

/** Rounds the item's numeric fields in place: items are built per request, and a copy per item costs on every answer. */
function round(item: Record<string, unknown>): void {
  for (const key in item) {
    const decimals = DECIMALS[key];
    const value = item[key];
    if (decimals !== undefined && typeof value === 'number') item[key] = roundTo(value, decimals);
  }
}

/**
 * Sends a list as JSON, or as CSV on a `.csv` operation, numbers rounded to their
 * documented precision, with the ETag answeredUnchanged set, or else a weak
 * ETag of the exact bytes; a matching If-None-Match gets 304 without a body.
 * The rows of one `machine` carry in CSV its id first and its IANA zone last,
 * whatever the parameters: files of several machines append into one table, and
 * a spreadsheet has no other way to know the calendar of a day.
 */
export function sendList(
  req: FastifyRequest,
  reply: FastifyReply,
  body: ListBody,
  columns: readonly string[],
  cacheSeconds: number,
  machine?: { id: string; config: { timezone: string } },
): void {
  for (const item of body.items) round(item);
  if (!req.routeOptions.config.csv) {
    send(req, reply, JSON.stringify(body), 'application/json; charset=utf-8', cacheSeconds);
    return;
  }
  const items = machine ? body.items.map((item) => ({ machineId: machine.id, ...item, timezone: machine.config.timezone })) : body.items;
  const csvColumns = machine ? ['machineId', ...columns, 'timezone'] : columns;
  send(req, reply, toCsv(items, csvColumns), 'text/csv; charset=utf-8', cacheSeconds);
}

function send(req: FastifyRequest, reply: FastifyReply, payload: string, type: string, cacheSeconds: number): void {
  // An ETag set already came from what the answer depends on (answeredUnchanged); otherwise, the bytes'.
  if (!reply.hasHeader('ETag')) setCacheHeaders(reply, hash('sha1', type + payload, 'base64url'), cacheSeconds, req.credential !== null);
  if (ifNoneMatchHas(req.headers['if-none-match'], String(reply.getHeader('ETag')))) {
    sendNotModified(reply);
    return;
  }
  // The body is final bytes with its type: nothing to serialize.
  reply.type(type).send(payload);
}
