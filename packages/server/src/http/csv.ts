/** One CSV field per RFC 4180: quoted when it holds a comma, quote or line break. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Reads `a.b` paths so nested objects become columns of their own. */
function get(item: Record<string, unknown>, path: string): unknown {
  let value: unknown = item;
  for (const key of path.split('.')) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

/** A header row of the column names, then one CRLF-terminated row per item. */
export function toCsv(items: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const lines = [columns.map(field).join(',')];
  for (const item of items) lines.push(columns.map((c) => field(get(item, c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
