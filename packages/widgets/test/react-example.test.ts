import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { artifactsDir, launchChromium, recordEvents, startExampleServer } from './browser-fixture.js';

const example = (file: string) => fileURLToPath(new URL(`../../../examples/react/${file}`, import.meta.url));
const KEY = 'react-portal-key';
let api: ApiFixture;
let browser: Browser;
let server: { url: string; stop(): void };
let url: string;

beforeAll(async () => {
  execFileSync(process.execPath, [example('build.mjs')]);
  [api, browser] = await Promise.all([startApi({ apiKeys: [KEY] }), launchChromium()]);
  server = await startExampleServer(example('serve.mjs'), { SPINDLE_URL: api.base, SPINDLE_API_KEY: KEY }, 'react example on');
  url = server.url;
}, 120_000);

afterAll(async () => {
  server?.stop();
  await browser?.close();
  await api?.close();
});

it('examples/react: the fleet draws, a click on a machine renders its charts, under a strict CSP with the API key', async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await recordEvents(page);
  await page.goto(url);
  await page.waitForFunction(
    () =>
      (window as unknown as { spindleEvents: { type: string; tag: string }[] }).spindleEvents.some(
        (e) => e.type === 'spindle-load' && e.tag === 'spindle-fleet',
      ),
    null,
    { timeout: 30_000 },
  );
  expect(await page.locator('#hint').textContent()).toBe('Pick a machine above.');
  await page.locator('spindle-fleet [part="machines"] button', { hasText: '5001' }).click();
  await page.waitForFunction(
    () =>
      ['spindle-utilization', 'spindle-state-timeline'].every((tag) =>
        (window as unknown as { spindleEvents: { type: string; tag: string; detail: { machine?: string } }[] }).spindleEvents.some(
          (e) => e.type === 'spindle-load' && e.tag === tag && e.detail.machine === '5001',
        ),
      ),
    null,
    { timeout: 30_000 },
  );
  expect(await page.locator('spindle-fleet').getAttribute('selected')).toBe('5001');
  expect(await page.locator('spindle-utilization .chart g.role-mark > path').count()).toBeGreaterThan(0);
  await page.screenshot({ path: `${artifactsDir}react-example.png`, fullPage: true });
  expect(problems).toEqual([]);
  await page.close();
}, 60_000);
