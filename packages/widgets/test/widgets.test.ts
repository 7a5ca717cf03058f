import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '../../server/test/api-fixture.js';
import { artifactsDir, countMarks, launchChromium, portalPage, recordEvents, startPortal, startSecondServer, waitForEvent, type Portal } from './browser-fixture.js';

let api: ApiFixture;
let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [api, portal, browser] = await Promise.all([startApi(), startPortal(), launchChromium()]);
  await mkdir(artifactsDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await api?.close();
});

async function open(name: string, body: string, head = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 960, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error in ${name}:`, e));
  await recordEvents(page);
  await page.goto(portal.page(name, portalPage(body, head)));
  return page;
}

const elements = [
  ['spindle-utilization', ''],
  ['spindle-utilization', 'by="shift"'],
  ['spindle-state-timeline', ''],
  ['spindle-sensor-stats', ''],
  ['spindle-programs', ''],
  ['spindle-energy', ''],
  ['spindle-alerts', ''],
  ['spindle-fleet', ''],
] as const;

describe('every element on real data', () => {
  it.each(elements)('<%s %s> draws marks, a summary and a table', async (tag, attrs) => {
    const page = await open(`${tag}-${attrs.length}`, `<${tag} id="el" api-url="${api.base}" machine="2207" ${attrs}></${tag}>`);
    await waitForEvent(page, 'el', 'spindle-load');
    expect(await countMarks(page, 'el')).toBeGreaterThan(0);
    const summary = await page.locator('#el [part="summary"]').textContent();
    expect(summary).toMatch(/\d/);
    expect(await page.locator('#el [part="table"] tbody tr').count()).toBeGreaterThan(0);
    await page.locator('#el').screenshot({ path: `${artifactsDir}${tag}${attrs ? '-by-shift' : ''}.png` });
    await page.close();
  });
});

describe('states', () => {
  it('shows the empty state for a range without data', async () => {
    const page = await open('empty', `<spindle-energy id="el" api-url="${api.base}" machine="2207" from="2020-01-01" to="2020-01-03"></spindle-energy>`);
    await expect.poll(() => page.locator('#el [part="empty"]').textContent()).toContain('No data for 2020-01-01 – 2020-01-03');
    await page.close();
  });

  it('names a wrong attribute and the fix', async () => {
    const page = await open('bad', `<spindle-utilization id="el" api-url="${api.base}" machine="nope" from="2024-03-27"></spindle-utilization>`);
    await waitForEvent(page, 'el', 'spindle-error');
    expect(await page.locator('#el [part="error"]').textContent()).toContain('machine="nope" is not known to the API; known: 2207, 5001');
    await page.evaluate(() => document.getElementById('el')!.setAttribute('from', '2024-02-30'));
    await expect.poll(() => page.locator('#el [part="error"]').textContent()).toContain('from="2024-02-30" is not a day');
    await page.close();
  });

  it('shows the error state while the API is down, and Retry recovers', async () => {
    const down = await startSecondServer(api.databaseUrl);
    await down.stop();
    const page = await open('down', `<spindle-programs id="el" api-url="${down.base}" machine="2207"></spindle-programs>`);
    await waitForEvent(page, 'el', 'spindle-error');
    expect(await page.locator('#el [part="error"]').textContent()).toContain('Network error');
    await page.screenshot({ path: `${artifactsDir}error-state.png` });
    await down.start();
    await page.locator('#el [part="retry"]').click();
    await waitForEvent(page, 'el', 'spindle-load');
    expect(await countMarks(page, 'el')).toBeGreaterThan(0);
    await page.close();
    await down.stop();
  });
});
