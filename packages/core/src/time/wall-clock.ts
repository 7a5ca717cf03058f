import { offsetAt } from './zone.js';

/**
 * An instant as the wall-clock time of the machine's zone, encoded as if it were
 * UTC: charts use UTC scales on these, so axes read in the machine's local time
 * whatever the viewer's zone (metrics.md §3: buckets are local to the machine).
 */
export function wallClock(instant: string | number, timeZone: string): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return ms + offsetAt(timeZone, ms);
}
