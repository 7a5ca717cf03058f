import { expect, it } from 'vitest';
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
    expect(await page.locator('.opblock').count()).toBe(28); // 16 operations, 12 of them with a CSV twin
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
    await api.close();
  }
}, 60_000);
