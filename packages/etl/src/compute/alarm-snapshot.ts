export interface ActiveAlarm {
  identity: string;
  code: string;
  description: string;
}

/**
 * A field as text: strings trimmed, null and missing empty, numbers and the rest
 * as JSON. NUL characters are removed (metrics.md §14): PostgreSQL text cannot
 * hold them, and one `\u0000` in a snapshot would otherwise fail every run.
 */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  return (typeof v === 'string' ? v : JSON.stringify(v)).replaceAll('\u0000', '').trim();
}

/**
 * metrics.md §8, §10: a snapshot is a JSON array of `[code, description, …]`
 * elements. Returns the alarms by identity (first one wins inside a snapshot), or
 * null when the row is malformed (SQL NULL, empty, not a JSON array, or too deep
 * for the parser or for writing a nested code back as text).
 */
export function parseAlarmSnapshot(value: string | null): Map<string, ActiveAlarm> | null {
  if (value === null || value.trim() === '') return null;
  try {
    return readSnapshot(JSON.parse(value));
  } catch {
    // SyntaxError, or RangeError from nesting deeper than the stack
    return null;
  }
}

function readSnapshot(parsed: unknown): Map<string, ActiveAlarm> | null {
  if (!Array.isArray(parsed)) return null;
  const alarms = new Map<string, ActiveAlarm>();
  for (const element of parsed) {
    if (!Array.isArray(element)) continue;
    const code = field(element[0]);
    const description = field(element[1]);
    const identity = code !== '' ? code : description;
    if (identity === '' || alarms.has(identity)) continue;
    alarms.set(identity, { identity, code, description });
  }
  return alarms;
}
