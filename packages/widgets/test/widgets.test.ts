import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import {
  artifactsDir,
  countMarks,
  launchChromium,
  portalPage,
  recordEvents,
  startPortal,
  startSecondServer,
  waitForEvent,
  type Portal,
} from './browser-fixture.js';

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
  ['spindle-downtime', ''],
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
    const variant = attrs ? `-${attrs.replace(/[^a-z]+/g, '-').replace(/-$/, '')}` : '';
    await page.locator('#el').screenshot({ path: `${artifactsDir}${tag}${variant}.png` });
    await page.close();
  });
});

describe('downtime', () => {
  it('drills from a category into its alarms by code, and back', async () => {
    const page = await open('downtime-drill', `<spindle-downtime id="el" api-url="${api.base}" machine="2207"></spindle-downtime>`);
    await waitForEvent(page, 'el', 'spindle-load');
    const causes = await page.locator('#el [part="table"] tbody tr td:first-child').allTextContents();
    const category = causes.find((c) => c !== 'no alarm');
    expect(category, causes.join(', ')).toBeDefined();
    await page.evaluate((category) => {
      (document.getElementById('el') as HTMLElement & { category: string }).category = category!;
    }, category);
    await waitForEvent(page, 'el', 'spindle-load', 2);
    expect(await page.locator('#el').getAttribute('category')).toBe(category);
    expect(await page.locator('#el [part="summary"]').textContent()).toContain(`with ${category} alarms open`);
    expect(await countMarks(page, 'el')).toBeGreaterThan(0);
    await page.locator('#el').screenshot({ path: `${artifactsDir}spindle-downtime-by-code.png` });
    await page.locator('#el [part="back"]').click();
    await waitForEvent(page, 'el', 'spindle-load', 3);
    expect(await page.locator('#el').getAttribute('category')).toBeNull();
    await page.close();
  });
});

describe('alerts', () => {
  it('lists alarms with headers, category and duration, ten to a page, and pages through them', async () => {
    const range = 'from="2024-03-25" to="2024-04-02"';
    const page = await open('alerts-pager', `<spindle-alerts id="el" api-url="${api.base}" machine="2207" ${range}></spindle-alerts>`);
    await waitForEvent(page, 'el', 'spindle-load');
    const total = (await (await fetch(`${api.base}/api/v1/machines/2207/alerts?from=2024-03-25&to=2024-04-02&limit=500`)).json()).items
      .length;
    expect(total).toBeGreaterThan(10);
    expect(await page.locator('#el .row.head').textContent()).toMatch(/Raised\s*Code\s*Category\s*Description\s*duration/);
    const rows = page.locator('#el [part="list"] li');
    expect(await rows.count()).toBe(10);
    // Each row: raised, code, category, description, duration.
    expect(await rows.first().locator('span').count()).toBe(5);
    const pager = page.locator('#el [part="pager"]');
    expect(await pager.isVisible()).toBe(true);
    expect(await pager.textContent()).toContain(`1–10 of ${total} alarms`);
    const first = await rows.first().textContent();
    await pager.locator('button').last().click();
    await expect.poll(() => pager.textContent()).toContain(`11–${Math.min(20, total)} of ${total} alarms`);
    expect(await rows.first().textContent()).not.toBe(first);
    await pager.locator('button').first().click();
    await expect.poll(() => rows.first().textContent()).toBe(first);
    await page.locator('#el input[type="search"]').fill('no such alarm text');
    await expect.poll(() => pager.textContent()).toContain('No alarm matches the search');
    expect(await rows.count()).toBe(0);
    await page.close();
  });
});

describe('states', () => {
  it('shows the empty state for a range without data', async () => {
    const page = await open(
      'empty',
      `<spindle-energy id="el" api-url="${api.base}" machine="2207" from="2020-01-01" to="2020-01-03"></spindle-energy>`,
    );
    await expect.poll(() => page.locator('#el [part="empty"]').textContent()).toContain('No data for 2020-01-01 – 2020-01-03');
    await page.close();
  });

  it('names a wrong attribute and the fix', async () => {
    const page = await open(
      'bad',
      `<spindle-utilization id="el" api-url="${api.base}" machine="nope" from="2024-03-27"></spindle-utilization>`,
    );
    await waitForEvent(page, 'el', 'spindle-error');
    expect(await page.locator('#el [part="error"]').textContent()).toContain(
      'machine="nope" is not among the machines this API lets you read: 2207, 5001',
    );
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

/** The API paths the page requested, in order. */
function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => seen.push(new URL(r.url()).pathname + new URL(r.url()).search));
  return seen;
}

describe('behaviour in a page', () => {
  it('loads again when an attribute changes, and only the changed element does', async () => {
    const page = await open(
      'two',
      `<spindle-utilization id="a" api-url="${api.base}" machine="2207"></spindle-utilization>
       <spindle-utilization id="b" api-url="${api.base}" machine="2207" from="2024-03-28" to="2024-03-29"></spindle-utilization>`,
    );
    await Promise.all([waitForEvent(page, 'a', 'spindle-load'), waitForEvent(page, 'b', 'spindle-load')]);
    const before = await page.locator('#a [part="summary"]').textContent();
    const requests = recordRequests(page);
    await page.evaluate(() => document.getElementById('a')!.setAttribute('machine', '5001'));
    await waitForEvent(page, 'a', 'spindle-load', 2);
    expect(await page.locator('#a [part="summary"]').textContent()).not.toBe(before);
    expect(requests.filter((r) => r.includes('/utilization'))).toEqual([
      expect.stringMatching(/^\/api\/v1\/machines\/5001\/utilization\?/),
    ]);
    expect(await page.locator('#b [part="table"] tbody tr').count()).toBe(2);

    await page.evaluate(() => document.getElementById('b')!.setAttribute('by', 'shift'));
    await waitForEvent(page, 'b', 'spindle-load', 2);
    expect(requests.at(-1)).toMatch(/\/machines\/2207\/utilization\?.*by=shift/);
    expect(await page.locator('#b [part="table"] tbody tr').count()).toBe(6);
    await page.close();
  });

  it('keeps styles and tooltips inside each shadow root', async () => {
    const page = await open(
      'hostile',
      `<spindle-energy id="a" api-url="${api.base}" machine="2207"></spindle-energy>
       <spindle-energy id="b" api-url="${api.base}" machine="5001"></spindle-energy>`,
      // A portal's aggressive global styles must not reach inside.
      `<style>* { color: rgb(255, 0, 0) !important; font-size: 40px } svg, path { display: none !important }</style>`,
    );
    await Promise.all([waitForEvent(page, 'a', 'spindle-load'), waitForEvent(page, 'b', 'spindle-load')]);
    // Nothing added to the page by loading and drawing: its two elements, its one <style>.
    const pageNodes = () => page.evaluate(() => [document.body.children.length, document.styleSheets.length]);
    expect(await pageNodes()).toEqual([2, 1]);
    await page.locator('#a .chart g.role-mark > path').first().hover({ force: true });
    await expect.poll(() => page.locator('#a [part="tooltip"]').isVisible()).toBe(true);
    expect(await page.locator('#a [part="tooltip"]').textContent()).toMatch(/kWh/);
    expect(await page.locator('#b [part="tooltip"]').isVisible()).toBe(false);
    expect(await pageNodes()).toEqual([2, 1]); // nor by a tooltip
    expect(await page.locator('#a [part="summary"]').evaluate((e) => getComputedStyle(e).fontSize)).toBe('14px');
    expect(await countMarks(page, 'a')).toBeGreaterThan(0);
    expect(await page.locator('#a .chart svg').isVisible()).toBe(true);
    await page.screenshot({ path: `${artifactsDir}hostile-page.png` });
    await page.close();
  });

  it('loads vega only when the first chart draws, and defines no element twice', async () => {
    const page = await browser.newPage();
    await recordEvents(page);
    const requests = recordRequests(page);
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(
      portal.page(
        'lazy',
        portalPage(
          `<spindle-energy id="theirs"></spindle-energy>`,
          // The portal already owns a <spindle-energy>, and loads the bundle twice.
          `<script>customElements.define('spindle-energy', class extends HTMLElement { connectedCallback() { this.textContent = 'theirs'; } });</script>
           <script type="module" src="/widgets/spindle-widgets.js?again"></script>`,
        ),
      ),
    );
    await page.waitForFunction(() => customElements.get('spindle-dashboard') !== undefined);
    await page.waitForLoadState('networkidle');
    expect(requests.filter((r) => r.includes('vega'))).toEqual([]);
    expect(await page.locator('#theirs').textContent()).toBe('theirs');
    await page.evaluate((base) => {
      const el = document.createElement('spindle-programs');
      el.id = 'el';
      el.setAttribute('api-url', base);
      el.setAttribute('machine', '2207');
      document.body.append(el);
    }, api.base);
    await waitForEvent(page, 'el', 'spindle-load');
    expect(requests.filter((r) => r.includes('vega-runtime'))).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('aborts its requests when it leaves the page, and loads again on its return', async () => {
    const page = await open('leave', '');
    const aborted: string[] = [];
    page.on('requestfailed', (r) => aborted.push(`${new URL(r.url()).pathname} ${r.failure()?.errorText}`));
    await page.waitForFunction(() => customElements.get('spindle-alerts') !== undefined);
    await page.evaluate((base) => {
      const el = document.createElement('spindle-alerts');
      el.id = 'el';
      el.setAttribute('api-url', base);
      el.setAttribute('machine', '2207');
      document.body.append(el);
      (window as unknown as { kept: HTMLElement }).kept = el;
      // Leave while the first request is in flight.
      setTimeout(() => el.remove(), 0);
    }, api.base);
    await expect.poll(() => aborted.length).toBeGreaterThan(0);
    expect(aborted[0]).toMatch(/ERR_ABORTED/);
    expect(await page.evaluate(() => (window as unknown as { spindleEvents: unknown[] }).spindleEvents)).toEqual([]);
    await page.evaluate(() => document.body.append((window as unknown as { kept: HTMLElement }).kept));
    await waitForEvent(page, 'el', 'spindle-load');

    // A second change while the first is loading aborts the first.
    aborted.length = 0;
    await page.evaluate(() => {
      const el = document.getElementById('el')!;
      el.setAttribute('machine', '5001');
      setTimeout(() => el.setAttribute('from', '2024-03-30'), 0);
    });
    await waitForEvent(page, 'el', 'spindle-load', 2);
    expect(aborted.length).toBeGreaterThan(0);
    const last = await page.evaluate(() => (window as unknown as { spindleEvents: { detail: unknown }[] }).spindleEvents.at(-1)!.detail);
    expect(last).toEqual({ machine: '5001', from: '2024-03-30', to: '2024-04-05' });
    await page.close();
  });

  it('polls every `refresh` seconds where the event stream is refused, says so, and how fresh the data is', async () => {
    const streamless = await startApi({ maxStreams: 0 }, { databaseUrl: api.databaseUrl });
    const page = await open(
      'refresh',
      `<spindle-programs id="el" api-url="${streamless.base}" machine="2207" refresh="1"></spindle-programs>`,
    );
    await waitForEvent(page, 'el', 'spindle-load');
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { spindleEvents: { type: string; detail: { delivery: string } }[] }).spindleEvents
            .filter((e) => e.type === 'spindle-stream')
            .map((e) => e.detail.delivery),
        ),
      )
      .toEqual(['polling']);
    expect(await page.locator('#el [part="freshness"]').textContent()).toMatch(/^Data through .*\d{2}:\d{2}, Europe\/Madrid$/);
    await waitForEvent(page, 'el', 'spindle-load', 3);
    await page.evaluate(() => document.getElementById('el')!.removeAttribute('refresh'));
    const count = await page.evaluate(() => (window as unknown as { spindleEvents: unknown[] }).spindleEvents.length);
    await page.waitForTimeout(2500);
    expect(await page.evaluate(() => (window as unknown as { spindleEvents: unknown[] }).spindleEvents.length)).toBe(count);
    await page.close();
    await streamless.close();
  });
});

describe('composition, selection, theming and access', () => {
  it('<spindle-dashboard> draws every chart of a machine, and its pickers change them all', async () => {
    const page = await open('dashboard', `<spindle-dashboard id="d" api-url="${api.base}" machine="2207"></spindle-dashboard>`);
    const loads = () =>
      page.evaluate(() =>
        (window as unknown as { spindleEvents: { type: string; tag: string; detail: { machine: string } }[] }).spindleEvents.filter(
          (e) => e.type === 'spindle-load',
        ),
      );
    // utilization, downtime, timeline, energy, programs, one chart per sensor, alerts
    const machine = (await (await fetch(`${api.base}/api/v1/machines`)).json()).items.find((m: { id: string }) => m.id === '2207');
    const charts = 6 + machine.sensors.length;
    await expect.poll(async () => (await loads()).length, { timeout: 30_000 }).toBe(charts);
    await page.screenshot({ path: `${artifactsDir}spindle-dashboard.png`, fullPage: true });

    await page.locator('#d select').first().selectOption('5001');
    await expect
      .poll(async () => (await loads()).filter((e) => e.detail.machine === '5001').length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(5);
    await page.locator('#d input[type="date"]').first().fill('2024-04-01');
    await expect
      .poll(() => page.locator('#d').evaluate((d) => d.shadowRoot!.querySelector('spindle-utilization')!.getAttribute('from')))
      .toBe('2024-04-01');
    const selects = await page.evaluate(() =>
      (window as unknown as { spindleEvents: { type: string; detail: unknown }[] }).spindleEvents
        .filter((e) => e.type === 'spindle-select')
        .map((e) => e.detail),
    );
    expect(selects).toEqual([
      { machine: '5001', from: '2024-03-27', to: '2024-04-02' },
      { machine: '5001', from: '2024-04-01', to: '2024-04-02' },
    ]);
    await page.close();
  });

  it('<spindle-fleet> fires spindle-select on a click on a bar and from the keyboard', async () => {
    const page = await open('fleet', `<spindle-fleet id="f" api-url="${api.base}"></spindle-fleet>`);
    await waitForEvent(page, 'f', 'spindle-load');
    await page.locator('#f .chart g.role-mark > path').last().click({ force: true });
    await waitForEvent(page, 'f', 'spindle-select');
    await page.locator('#f [part="machines"] button').first().focus();
    await page.keyboard.press('Enter');
    await waitForEvent(page, 'f', 'spindle-select', 2);
    const selected = await page.evaluate(() =>
      (window as unknown as { spindleEvents: { type: string; detail: { machine: string } }[] }).spindleEvents
        .filter((e) => e.type === 'spindle-select')
        .map((e) => e.detail.machine),
    );
    expect(selected).toEqual(['5001', '2207']);
    expect(await page.locator('#f').getAttribute('selected')).toBe('2207');
    await page.close();
  });

  it('follows prefers-color-scheme unless the theme attribute says otherwise, and takes custom properties', async () => {
    const page = await open(
      'themes',
      `<spindle-utilization id="auto" api-url="${api.base}" machine="2207"></spindle-utilization>
       <spindle-utilization id="light" theme="light" api-url="${api.base}" machine="2207"></spindle-utilization>
       <spindle-utilization id="custom" api-url="${api.base}" machine="2207" style="--spindle-running: rgb(1, 2, 3); --spindle-background: rgb(250, 240, 230)"></spindle-utilization>`,
    );
    await page.emulateMedia({ colorScheme: 'dark' });
    await waitForEvent(page, 'auto', 'spindle-load');
    await waitForEvent(page, 'custom', 'spindle-load');
    const background = (id: string) => page.locator(`#${id}`).evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await background('auto')).toBe('rgb(13, 17, 23)');
    expect(await background('light')).toBe('rgb(255, 255, 255)');
    expect(await background('custom')).toBe('rgb(250, 240, 230)');
    expect(await page.locator('#custom .chart g.role-mark > path').first().getAttribute('fill')).toBe('rgb(1, 2, 3)');
    await page.locator('#auto').screenshot({ path: `${artifactsDir}spindle-utilization-dark.png` });
    await page.close();
  });

  it('zooms the state timeline by keyboard, without loading again', async () => {
    const page = await open(
      'zoom',
      `<spindle-state-timeline id="t" api-url="${api.base}" machine="2207" from="2024-03-28" to="2024-03-28"></spindle-state-timeline>`,
    );
    await waitForEvent(page, 't', 'spindle-load');
    const requests = recordRequests(page);
    const labels = () => page.locator('#t .chart g.role-axis-label text').allTextContents();
    const before = await labels();
    await page.locator('#t [part="controls"] button').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(labels).not.toEqual(before);
    await page.locator('#t [part="controls"] button', { hasText: 'Reset' }).click();
    await expect.poll(labels).toEqual(before);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('reads with an embed token, and names a machine the token does not open', async () => {
    const { signEmbedToken } = await import('../../server/src/access/embed-token.js');
    const secured = await startApi({ tokenSecret: 'portal-secret' }, { databaseUrl: api.databaseUrl });
    const token = signEmbedToken({ exp: Math.floor(Date.now() / 1000) + 600, machines: ['2207'], sub: 'portal' }, 'portal-secret');
    const page = await open(
      'token',
      `<spindle-programs id="ok" api-url="${secured.base}" machine="2207" token="${token}"></spindle-programs>
       <spindle-programs id="other" api-url="${secured.base}" machine="5001" token="${token}"></spindle-programs>
       <spindle-programs id="none" api-url="${secured.base}" machine="2207"></spindle-programs>`,
    );
    await waitForEvent(page, 'ok', 'spindle-load');
    await waitForEvent(page, 'other', 'spindle-error');
    await waitForEvent(page, 'none', 'spindle-error');
    expect(await page.locator('#other [part="error"]').textContent()).toContain(
      'machine="5001" is not among the machines this API lets you read: 2207',
    );
    expect(await page.locator('#none [part="error"]').textContent()).toContain('401');
    await page.close();
    await secured.close();
  });
});

describe("the server's demo page at /", () => {
  it('embeds <spindle-fleet> and <spindle-dashboard> from the bundle, and selecting a machine opens it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    await recordEvents(page);
    await page.goto(`${api.base}/`);
    await waitForEvent(page, 'fleet', 'spindle-load');
    const title = () => page.locator('#dashboard').evaluate((d) => d.shadowRoot!.querySelector('h2')?.textContent);
    await expect.poll(title).toBe('Boring mill 2207');
    await page.locator('#fleet [part="machines"] button', { hasText: '5001' }).click();
    await expect.poll(title).toBe('Machining centre 5001');
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            (window as unknown as { spindleEvents: { type: string; tag: string; detail: { machine: string } }[] }).spindleEvents.filter(
              (e) => e.type === 'spindle-load' && e.tag === 'spindle-utilization' && e.detail.machine === '5001',
            ).length,
        ),
      )
      .toBe(1);
    // The event stream stays open: the page is settled when the board has drawn its cards, not when the network is idle.
    await expect.poll(() => page.locator('#board [part="card"]').count()).toBe(2);
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${artifactsDir}demo-page.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('under API keys asks for one after the first 401, opens with it, and keeps it for the tab', async () => {
    const locked = await startApi({ apiKeys: ['demo-page-key'] }, { databaseUrl: api.databaseUrl });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await recordEvents(page);
      await page.goto(`${locked.base}/`);
      await page.locator('#access').waitFor({ state: 'visible' });
      // The refused element says how a page passes a credential, in words, not raw Markdown.
      const refused = await page.locator('#fleet [part="error"]').textContent();
      expect(refused).toContain('401');
      expect(refused).toContain('signed embed token');
      expect(refused).not.toContain('`');
      await page.locator('#credential').fill('demo-page-key');
      await page.locator('#access button').click();
      await waitForEvent(page, 'fleet', 'spindle-load');
      expect(await page.locator('#access').isHidden()).toBe(true);
      await page.reload();
      await waitForEvent(page, 'fleet', 'spindle-load');
      expect(await page.locator('#access').isHidden()).toBe(true);
      await page.close();
    } finally {
      await locked.close();
    }
  });
});
