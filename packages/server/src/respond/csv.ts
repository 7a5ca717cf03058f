const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A list or an object as plain text, never JSON, which no BI tool types: the
 * values of an object joined by spaces (a nested list by commas), the items of a
 * list by "; ". `[{name: 'A', start: '06:00', days: ['Mon', 'Tue']}]` → `A 06:00 Mon,Tue`.
 */
function plainText(value: object): string {
  const one = (v: unknown): string =>
    Array.isArray(v)
      ? v.map(one).join(',')
      : typeof v === 'object' && v !== null
        ? Object.values(v)
            .map(one)
            .filter((part) => part !== '')
            .join(' ')
        : String(v ?? '');
  return Array.isArray(value) ? value.map(one).join('; ') : one(value);
}

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote or line break.
 * Text that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
 * CR, e.g. an alarm description a machine wrote) gets a leading ' and quotes, as
 * OWASP's CSV-injection guidance says. Text that is a number (an alarm code
 * `-12`) is no formula and stays as it is, as numbers do.
 */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'object' ? plainText(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Reads `a.b` paths so nested objects become columns of their own. */
function get(item: Record<string, unknown>, path: string): unknown {
  let value: unknown = item;
  for (const key of path.split('.')) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

/** `lastRun.startedAt` → `lastRunStartedAt`: BI tools read dots in a header as paths. */
const header = (path: string) => path.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase());

/** A header row of the column names (nested ones flattened), then one CRLF-terminated row per item. */
export function toCsv(items: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const lines = [columns.map((c) => csvField(header(c))).join(',')];
  for (const item of items) lines.push(columns.map((c) => csvField(get(item, c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
