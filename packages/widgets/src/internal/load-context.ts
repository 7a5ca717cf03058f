import { SpindleApiError, type Day, type Machine, type Result, type SpindleClient } from '@spindle/sdk';
import { addDays, isDay, wallClock } from '@spindle/core';
import { loadLanguage } from '../i18n/languages.js';
import { textFor, type Text } from '../i18n/text.js';
import type { PageContext } from './page-context.js';
import { TimeFormat } from './time-format.js';

/** What every element's loader gets: the client, the machine, a concrete day range. */
export interface LoadContext {
  client: SpindleClient;
  signal: AbortSignal;
  from: Day;
  to: Day;
  /** Present for elements bound to one machine. */
  machine?: Machine;
  machines: Machine[];
  /** How times are written: the element's locale, the machine's zone (UTC for fleet elements). */
  fmt: TimeFormat;
  /** Words and numbers in the element's locale. */
  text: Text;
  /** The machine's watermark (its newest processed row) on its wall clock, or null; for fleet elements the oldest machine's, in UTC. */
  dataThrough: number | null;
  /** The same instant, epoch ms: how old the data is. */
  watermark: number | null;
}

export interface RangeRequest {
  client: SpindleClient;
  /** The page's shared machines and status. */
  page: PageContext;
  signal: AbortSignal;
  machine: string | undefined;
  from: string | undefined;
  to: string | undefined;
  needsMachine: boolean;
  /** BCP 47 tag for dates and times. */
  locale: string | undefined;
}

/** Thrown for a wrong attribute: shown in the error state, naming the attribute and the fix. */
export class AttributeError extends Error {
  override name = 'AttributeError';
}

/** The data of a result, or the API's problem thrown as a SpindleApiError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.error) throw new SpindleApiError(result.error);
  return result.data;
}

/**
 * Resolves the machine and the range. Missing `from`/`to` mean the last 7 days
 * of data: the 7 days ending on the machine's (or the fleet's) last processed day.
 * Null when there is no data at all yet.
 */
export async function loadContext(r: RangeRequest): Promise<LoadContext | null> {
  for (const [name, value] of [
    ['from', r.from],
    ['to', r.to],
  ] as const) {
    if (value !== undefined && value !== '' && !isDay(value))
      throw new AttributeError(`${name}="${value}" is not a day: write it as YYYY-MM-DD`);
  }
  if (r.needsMachine && !r.machine) throw new AttributeError('machine is missing: set the machine attribute to a machine id');
  const [machines, status] = await Promise.all([r.page.machines(r.signal), r.page.status(r.signal)]);
  const machine = r.machine ? machines.find((m) => m.id === r.machine) : undefined;
  if (r.machine && !machine) {
    throw new AttributeError(
      `machine="${r.machine}" is not among the machines this API lets you read: ${machines.map((m) => m.id).join(', ') || 'none'}`,
    );
  }
  let from = r.from || undefined;
  let to = r.to || undefined;
  if (!from && !to) {
    const days = status.filter((s) => !machine || s.machineId === machine.id).flatMap((s) => (s.lastDay ? [s.lastDay] : []));
    if (days.length === 0) return null;
    to = days.sort().at(-1)!;
  }
  from ??= addDays(to!, -6);
  to ??= addDays(from, 6);
  if (from > to) throw new AttributeError(`from (${from}) is after to (${to}): swap them`);
  const fmt = new TimeFormat(r.locale, machine?.timezone ?? 'UTC');
  // The words of a language other than English arrive with its first element.
  await loadLanguage(fmt.locale);
  const watermarks = status.filter((s) => !machine || s.machineId === machine.id).map((s) => s.watermark);
  const oldest = watermarks.length > 0 && watermarks.every((w) => w !== null) ? watermarks.sort()[0]! : null;
  const dataThrough = oldest ? wallClock(oldest, machine?.timezone ?? 'UTC') : null;
  return {
    client: r.client,
    signal: r.signal,
    from: from as Day,
    to: to as Day,
    machine,
    machines,
    fmt,
    text: textFor(fmt.locale),
    dataThrough,
    watermark: oldest ? Date.parse(oldest) : null,
  };
}

/** What a task throws when its run was aborted (new inputs, or the element left the page). */
export const ABORTED = Symbol('aborted');

/** Runs `load`, turning any failure after `signal` aborted into {@link ABORTED}. */
export async function unlessAborted<R>(signal: AbortSignal, load: () => Promise<R>): Promise<R> {
  try {
    return await load();
  } catch (error) {
    throw signal.aborted ? ABORTED : error;
  }
}

/** A failure as a person reads it: the API's title, detail and each bad parameter. */
export function messageOf(error: unknown): string {
  if (error instanceof SpindleApiError) {
    const p = error.problem;
    const params = (p.errors ?? []).map((e) => `${e.name}: ${e.message}`).join('; ');
    return `${p.status ? `${p.status} ` : ''}${p.title}${p.detail ? ` — ${p.detail}` : ''}${params ? ` (${params})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The detail of a `spindle-error` event. */
export function errorDetail(error: unknown): { message: string; problem: unknown } {
  return { message: messageOf(error), problem: error instanceof SpindleApiError ? error.problem : undefined };
}
