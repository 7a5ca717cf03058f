import type { Day } from '@spindle/core';

/** `run`: incremental from the last watermark minus the lookback; `backfill`: the days asked for (default all). */
/** How far back a `run` recomputes, by default: late rows up to two days old are folded in. */
export const DEFAULT_LOOKBACK_HOURS = 48;

export type RunMode = { kind: 'run'; lookbackHours?: number } | { kind: 'backfill'; from?: string; to?: string };

/**
 * The configuration hash recorded when a backfill of part of the history ran
 * under a new configuration: it matches no configuration, so the next `run`
 * recomputes the whole history under the current one.
 */
export const HISTORY_STALE = 'partial';

export interface WindowInput {
  mode: RunMode;
  /** The machine's production day of an instant. */
  dayOf: (t: number) => Day;
  /** a0 and W of the production DB (metrics.md §3). */
  firstActivity: number;
  watermark: number;
  /** What the last run recorded, or null for a machine never run. */
  previous: { configHash: string; watermark: number | null } | null;
  configHash: string;
}

export type WindowPlan =
  /** Nothing to compute (a backfill range outside the data); the record keeps `recordHash`. */
  | { compute: false; recordHash: string }
  | {
      compute: true;
      firstDay: Day;
      lastDay: Day;
      fromDay: Day;
      toDay: Day;
      /** The window ends at W: the watermark advances; otherwise the run ends on a day boundary before it. */
      throughWatermark: boolean;
      /** The configuration hash to record: the current one once the history is consistent with it. */
      recordHash: string;
      /** A `run` that computes from the first day of activity: a new or changed configuration, or a lookback reaching back that far. */
      fullHistory: boolean;
      /** Where the next run's lookback window starts if W does not move (a backfill assumes the default lookback). */
      nextWindowDay: Day;
    };

/**
 * Which production days a run recomputes. A `run` recomputes from (the previous
 * watermark or W, whichever is earlier) minus the lookback, floored to its day,
 * or the whole history when the configuration is new or changed; a `backfill`
 * recomputes the days asked for, clamped to the data. Pure: the run's caller
 * reads its inputs and writes what it decides.
 */
export function planWindow(input: WindowInput): WindowPlan {
  const { mode, dayOf, previous } = input;
  const firstDay = dayOf(input.firstActivity);
  const lastDay = dayOf(input.watermark);
  const configChanged = previous === null || previous.configHash !== input.configHash || previous.watermark === null;
  const lookbackMs = ((mode.kind === 'run' ? mode.lookbackHours : undefined) ?? DEFAULT_LOOKBACK_HOURS) * 3_600_000;
  let fromDay: Day;
  let toDay = lastDay;
  if (mode.kind === 'run') {
    fromDay = configChanged || previous.watermark === null ? firstDay : dayOf(Math.min(previous.watermark, input.watermark) - lookbackMs);
  } else {
    fromDay = mode.from ?? firstDay;
    if (mode.to !== undefined && mode.to < lastDay) toDay = mode.to;
  }
  if (fromDay < firstDay) fromDay = firstDay;
  if (fromDay > toDay) return { compute: false, recordHash: previous?.configHash ?? input.configHash };
  const coversAll = fromDay === firstDay && toDay === lastDay;
  return {
    compute: true,
    firstDay,
    lastDay,
    fromDay,
    toDay,
    throughWatermark: toDay === lastDay,
    recordHash: coversAll || !configChanged ? input.configHash : (previous?.configHash ?? HISTORY_STALE),
    fullHistory: fromDay === firstDay && mode.kind === 'run',
    nextWindowDay: maxDay(firstDay, dayOf(input.watermark - lookbackMs)),
  };
}

const maxDay = (a: Day, b: Day) => (a > b ? a : b);
