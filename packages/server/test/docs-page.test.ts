import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { specPath } from '../src/create-server.js';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { startApi } from '@spindle/test-kit/api';

it('Swagger UI renders every operation in Chromium under the page CSP, with 0 console errors', async () => {
  const api = await startApi();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${api.base}/docs`);
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Spindle analytics API');
    // One block per operation of the spec, the CSV twins included.
    const operations = Object.values(parse(readFileSync(specPath(), 'utf8')).paths as Record<string, object>).flatMap(Object.keys);
    expect(await page.locator('.opblock').count()).toBe(operations.length);
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
    await api.close();
  }
}, 60_000);
