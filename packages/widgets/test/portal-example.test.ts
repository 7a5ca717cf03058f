import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { artifactsDir, launchChromium, recordEvents, startExampleServer } from './browser-fixture.js';

const SECRET = 'portal-example-secret';
let api: ApiFixture;
let browser: Browser;
let portal: { url: string; stop(): void };
let portalUrl: string;

beforeAll(async () => {
  [api, browser] = await Promise.all([startApi({ tokenSecret: SECRET }), launchChromium()]);
  await mkdir(artifactsDir, { recursive: true });
  portal = await startExampleServer(
    fileURLToPath(new URL('../../../examples/portal/serve-portal.mjs', import.meta.url)),
    { SPINDLE_URL: api.base, SPINDLE_TOKEN_SECRET: SECRET, PORTAL_MACHINES: '2207' },
    'portal on',
  );
  portalUrl = portal.url;
});

afterAll(async () => {
  portal?.stop();
  await browser?.close();
  await api?.close();
});

it('examples/portal shows its machine through a signed token, in its own theme', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await recordEvents(page);
  await page.goto(portalUrl);
  await page.waitForFunction(
    () => (window as unknown as { spindleEvents: { type: string }[] }).spindleEvents.filter((e) => e.type === 'spindle-load').length === 3,
    null,
    { timeout: 30_000 },
  );
  const events = await page.evaluate(() => (window as unknown as { spindleEvents: { type: string }[] }).spindleEvents);
  expect(events.filter((e) => e.type === 'spindle-error')).toEqual([]);
  expect(await page.locator('spindle-utilization').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 250, 240)');
  expect(await page.locator('spindle-utilization .chart g.role-mark > path').first().getAttribute('fill')).toBe('#15803d');
  await page.screenshot({ path: `${artifactsDir}portal-example.png`, fullPage: true });
  await page.close();

  // The backend's tokens open machine 2207 only.
  const token = await (await fetch(new URL('/spindle-token', portalUrl))).text();
  const auth = { Authorization: `Bearer ${token}` };
  expect((await fetch(`${api.base}/api/v1/machines/2207/energy?from=2024-03-27`, { headers: auth })).status).toBe(200);
  expect((await fetch(`${api.base}/api/v1/machines/5001/energy?from=2024-03-27`, { headers: auth })).status).toBe(403);
});
