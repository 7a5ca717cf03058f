import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

const page = readFileSync(new URL('../docs/bi.md', import.meta.url), 'utf8');
// Dates the demo data covers, for the recipes' computed or templated ones.
const FROM = '2024-03-26';
const TO = '2024-03-28';

/** Every request docs/bi.md shows: full URLs, the Power Query's RelativePath and Query, Grafana's URL and parameters. */
function recipes(): string[] {
  const urls = [...page.matchAll(/https:\/\/spindle\.plant\.example(\/[^\s"'`)]+)/g)].map((m) => m[1]!);
  const relative = /RelativePath = "([^"]+)"/.exec(page)![1]!;
  const query = /Query = \[([^\]]+)\]/.exec(page)![1]!;
  const m = new URLSearchParams();
  for (const [, name, value] of query.matchAll(/(\w+) = (?:"([^"]*)"|\w+)/g)) m.set(name!, value ?? (name === 'from' ? FROM : TO));
  urls.push(`/${relative}?${m}`);
  for (const [, path] of page.matchAll(/Page\("([^"]+)"\)/g)) urls.push(`/${path}`);
  for (const [, path, params] of page.matchAll(/- URL: `([^`]+)`\n- URL query parameters: ([^\n]+)/g)) {
    const q = new URLSearchParams();
    for (const [, name, value] of params!.matchAll(/`(\w+)` = `([^`]+)`/g))
      q.set(name!, value!.replace('${__from:date:YYYY-MM-DD}', FROM).replace('${__to:date:YYYY-MM-DD}', TO));
    urls.push(`${path}?${q}`);
  }
  return urls;
}

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi({ apiKeys: ['bi-key'] });
});
afterAll(() => api.close());

it('finds the recipes: curl, Power BI, Excel and three Grafana panels', () => {
  expect(recipes().length).toBeGreaterThanOrEqual(6);
});

it.each(recipes())('docs/bi.md: %s answers 200 with the key', async (url) => {
  const res = await api.get(url, { 'X-API-Key': 'bi-key' });
  expect(res.status, res.body.slice(0, 300)).toBe(200);
  if (url.includes('.csv?')) expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
});
