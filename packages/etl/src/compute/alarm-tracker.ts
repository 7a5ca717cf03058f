import { categorize, type AlarmCategoryRule } from '@spindle/core';
import { parseAlarmSnapshot, type ActiveAlarm } from './alarm-snapshot.js';

export interface AlarmOccurrence {
  identity: string;
  code: string;
  description: string;
  category: string;
  raisedAt: number;
  clearedAt: number | null;
}

/**
 * Follows alarm snapshots in time order and yields occurrences (metrics.md §8):
 * raised at the first snapshot holding an identity, cleared at the first later
 * snapshot without it. Malformed rows are counted and change nothing.
 */
export class AlarmTracker {
  readonly active = new Map<string, AlarmOccurrence>();
  malformed = 0;

  constructor(private readonly rules: readonly AlarmCategoryRule[]) {}

  /** Restores occurrences already open before the first row fed. */
  resume(open: Iterable<AlarmOccurrence>): void {
    for (const o of open) this.active.set(o.identity, o);
  }

  /** Feeds one row; returns the occurrences it cleared and those it raised. */
  feed(date: number, value: string | null): { cleared: AlarmOccurrence[]; raised: AlarmOccurrence[] } {
    const snapshot = parseAlarmSnapshot(value);
    if (snapshot === null) {
      this.malformed++;
      return { cleared: [], raised: [] };
    }
    const cleared: AlarmOccurrence[] = [];
    for (const [identity, occurrence] of this.active) {
      if (!snapshot.has(identity)) {
        this.active.delete(identity);
        cleared.push({ ...occurrence, clearedAt: date });
      }
    }
    const raised: AlarmOccurrence[] = [];
    for (const alarm of snapshot.values()) {
      if (this.active.has(alarm.identity)) continue;
      const occurrence = this.open(alarm, date);
      this.active.set(alarm.identity, occurrence);
      raised.push(occurrence);
    }
    return { cleared, raised };
  }

  private open(alarm: ActiveAlarm, raisedAt: number): AlarmOccurrence {
    return { ...alarm, category: categorize(alarm.description, this.rules), raisedAt, clearedAt: null };
  }
}

/**
 * Finds when the alarms active at a window start were raised, reading snapshots
 * backwards from just before it (newest first). Stops as soon as every one is
 * resolved, which is usually a few rows back.
 */
export async function openOccurrencesAt(
  rowsNewestFirst: AsyncIterable<{ date: number; value: string | null }>,
  rules: readonly AlarmCategoryRule[],
): Promise<AlarmOccurrence[]> {
  let pending: Map<string, { raisedAt: number; alarm: ActiveAlarm }> | null = null;
  const resolved: AlarmOccurrence[] = [];
  for await (const row of rowsNewestFirst) {
    const snapshot = parseAlarmSnapshot(row.value);
    if (snapshot === null) continue;
    if (pending === null) {
      pending = new Map([...snapshot].map(([id, alarm]) => [id, { raisedAt: row.date, alarm }]));
      if (pending.size === 0) break;
      continue;
    }
    for (const [id, p] of pending) {
      const alarm = snapshot.get(id);
      if (alarm) pending.set(id, { raisedAt: row.date, alarm });
      else {
        resolved.push({ ...p.alarm, category: categorize(p.alarm.description, rules), raisedAt: p.raisedAt, clearedAt: null });
        pending.delete(id);
      }
    }
    if (pending.size === 0) break;
  }
  for (const p of pending?.values() ?? []) {
    resolved.push({ ...p.alarm, category: categorize(p.alarm.description, rules), raisedAt: p.raisedAt, clearedAt: null });
  }
  return resolved;
}
