import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEmbedToken } from '@spindle/server';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { artifactsDir, countMarks, launchChromium, recordEvents, startPortal, waitForEvent, type Portal } from './browser-fixture.js';

const SECRET = 'csp-secret';
const KEY = 'portal-key';

let api: ApiFixture;
let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [api, portal, browser] = await Promise.all([
    startApi({ apiKeys: [KEY], tokenSecret: SECRET, corsHeaders: ['X-Portal-Trace'], requestsPerMinute: 100_000 }),
    startPortal(),
    launchChromium(),
  ]);
  await mkdir(artifactsDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await api?.close();
});

/** An enterprise portal's policy: its own scripts only, no eval, no inline script; the API's origin for data. */
const policy = () =>
  `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ${api.base}; object-src 'none'; base-uri 'none'`;

interface Opened {
  page: Page;
  problems: string[];
}

/** A portal page on its own origin under the strict policy; `init` is its own script (no inline code). */
async function openStrict(name: string, body: string, init: string, width = 960): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width, height: 1200 } });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  await recordEvents(page);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  portal.script(`${name}-init`, init);
  const html = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>portal</title><link rel="icon" href="data:,">
<script type="module" src="/widgets/spindle-widgets.js"></script><script type="module" src="/${name}-init.js"></script></head>
<body>${body}</body></html>`;
  await page.goto(portal.page(name, html, { 'Content-Security-Policy': policy() }));
  return { page, problems };
}

/**
 * The portal's script: one client with an API key and a header of its own, given
 * to each element before it joins the page (so its first request carries them).
 * Elements are written as `<template data-spindle>` placeholders.
 */
const withKey = () => `import { createSpindleClient } from '/widgets/spindle-widgets.js';
const client = createSpindleClient({ baseUrl: ${JSON.stringify(api.base)}, apiKey: ${JSON.stringify(KEY)}, headers: { 'X-Portal-Trace': 'csp-test' } });
for (const slot of document.querySelectorAll('template[data-spindle]')) {
  const el = slot.content.firstElementChild.cloneNode(true);
  el.client = client;
  slot.replaceWith(el);
}`;

/** A placeholder the portal's script turns into the element with its client. */
const slot = (html: string) => `<template data-spindle>${html}</template>`;

const ELEMENTS = [
  'spindle-utilization',
  'spindle-state-timeline',
  'spindle-sensor-stats',
  'spindle-programs',
  'spindle-energy',
  'spindle-alerts',
  'spindle-downtime',
  'spindle-fleet',
];

describe("under script-src 'self' without unsafe-eval, from another origin", () => {
  it('every data element and the dashboard draw charts, with an API key and a custom header, and 0 console errors', async () => {
    const body = [
      ...ELEMENTS.map((tag) => slot(`<${tag} id="${tag}" machine="2207"></${tag}>`)),
      slot('<spindle-dashboard id="dash" machine="2207"></spindle-dashboard>'),
    ].join('\n');
    const { page, problems } = await openStrict('strict-all', body, withKey());
    for (const tag of ELEMENTS) {
      await waitForEvent(page, tag, 'spindle-load');
      expect(await countMarks(page, tag), tag).toBeGreaterThan(0);
    }
    // The dashboard's own charts, inside its shadow root.
    await page.waitForFunction(
      () => {
        const root = document.getElementById('dash')?.shadowRoot;
        const charts = [...(root?.querySelectorAll('[part="grid"] > *') ?? [])];
        return charts.length >= 6 && charts.every((c) => (c.shadowRoot?.querySelectorAll('.chart g.role-mark > path').length ?? 0) > 0);
      },
      undefined,
      { timeout: 30_000 },
    );
    await page.screenshot({ path: `${artifactsDir}strict-csp.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('reads with an embed token across origins too', async () => {
    const token = signEmbedToken({ exp: Math.floor(Date.now() / 1000) + 600, machines: ['2207'] }, SECRET);
    const { page, problems } = await openStrict(
      'strict-token',
      `<spindle-energy id="e" api-url="${api.base}" machine="2207" token="${token}"></spindle-energy>`,
      '',
    );
    await waitForEvent(page, 'e', 'spindle-load');
    expect(await countMarks(page, 'e')).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('time axes at phone and desktop widths', () => {
  for (const width of [390, 1400]) {
    it(`show dates, never the same label twice, on a week at ${width} px`, async () => {
      const range = 'machine="2207" from="2024-03-26" to="2024-04-01"';
      const body = [
        slot(`<spindle-state-timeline id="t" ${range}></spindle-state-timeline>`),
        slot(`<spindle-sensor-stats id="s" ${range}></spindle-sensor-stats>`),
        slot(`<spindle-energy id="e" ${range}></spindle-energy>`),
      ].join('\n');
      const { page, problems } = await openStrict(`axes-${width}`, body, withKey(), width);
      for (const id of ['t', 's', 'e']) {
        await waitForEvent(page, id, 'spindle-load');
        // The x axis: the labels of the axis group below the plot, read from the drawn SVG.
        const labels = await page.evaluate((id) => {
          const axes = [...(document.getElementById(id)!.shadowRoot!.querySelectorAll('.chart g.role-axis') ?? [])];
          const x = axes.find((a) => a.getAttribute('aria-label')?.startsWith('X-axis'));
          return [...(x?.querySelectorAll('g.role-axis-label text') ?? [])].map((t) => t.textContent ?? '');
        }, id);
        expect(labels.length, `${id} at ${width}`).toBeGreaterThan(1);
        expect(new Set(labels).size, `${id}: ${labels.join(' | ')}`).toBe(labels.length);
        for (const label of labels) expect(label, id).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Mar|Apr)$/);
        const title = await page.evaluate(
          (id) => document.getElementById(id)!.shadowRoot!.querySelector('.chart g.role-axis-title text')?.textContent,
          id,
        );
        expect(title).toBe('Europe/Madrid');
      }
      // docs/images/widgets-*px.png are copies of these, taken from one run.
      await page.screenshot({ path: `${artifactsDir}widgets-${width}px.png`, fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
