import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { de } from '../src/i18n/de.js';
import { es } from '../src/i18n/es.js';
import { fr } from '../src/i18n/fr.js';
import { en, type Messages } from '../src/i18n/messages.js';
import { launchChromium, recordEvents, startPortal, type Portal } from './browser-fixture.js';

let api: ApiFixture;
let portal: Portal;
let browser: Browser;

beforeAll(async () => {
  [api, portal, browser] = await Promise.all([startApi(), startPortal(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await api?.close();
});

/** Every element once, and the dashboard, on a page whose `<html lang>` is `lang`. */
const ELEMENTS = [
  'spindle-utilization',
  'spindle-state-timeline',
  'spindle-sensor-stats',
  'spindle-programs',
  'spindle-energy',
  'spindle-alerts',
  'spindle-downtime',
  'spindle-fleet',
  'spindle-status-board',
  'spindle-dashboard',
] as const;

async function openAll(lang: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.on('pageerror', (e) => console.error(`page error (${lang}):`, e));
  await recordEvents(page);
  const body = ELEMENTS.map((tag) => `<${tag} id="${tag}" api-url="${api.base}" machine="2207"></${tag}>`).join('\n');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${lang}</title>
<script type="module" src="/widgets/spindle-widgets.js"></script></head><body>${body}</body></html>`;
  await page.goto(portal.page(`lang-${lang}`, html));
  // Every element drew: 7 charts, the fleet, the board, and the dashboard's 6 charts and one per sensor.
  const machine = (await (await fetch(`${api.base}/api/v1/machines`)).json()).items.find((m: { id: string }) => m.id === '2207');
  const loads = () =>
    page.evaluate(
      () => (window as unknown as { spindleEvents: { type: string }[] }).spindleEvents.filter((e) => e.type === 'spindle-load').length,
    );
  await expect.poll(loads, { timeout: 60_000 }).toBeGreaterThanOrEqual(9 + 6 + machine.sensors.length);
  await page.locator('#spindle-status-board [part="card"]').first().waitFor();
  return page;
}

/**
 * What an element says in words: its shadow root's text and its charts' SVG
 * text, without what the data itself brings (alarm descriptions and codes in the
 * list, the detail panel and open alarms on cards).
 */
function wordsOf(page: Page, tag: string): Promise<string> {
  return page.evaluate((tag) => {
    const collect = (root: ShadowRoot): string => {
      const copy = document.createElement('div');
      for (const child of root.children) copy.append(child.cloneNode(true));
      for (const skip of copy.querySelectorAll('[part="list"], [part="detail"], .alarm, option, style')) skip.remove();
      const nested = [...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? [collect(el.shadowRoot)] : []));
      // vega's own English labels of axes and legends are inside the chart, an image whose children
      // assistive technology does not read (its label is the summary): left out.
      const labels = [...root.querySelectorAll('[aria-label]')]
        .filter((el) => !el.closest('svg'))
        .map((el) => el.getAttribute('aria-label'));
      return [copy.textContent ?? '', ...labels, ...nested].join(' ');
    };
    return collect(document.getElementById(tag)!.shadowRoot!);
  }, tag);
}

/** The fixed English words of the user interface that `m` writes differently. */
function englishOnly(m: Messages): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown) => {
    if (typeof a === 'string' && typeof b === 'string') {
      if (a !== b && a.length >= 4) out.push(a);
    } else if (a && typeof a === 'object' && b && typeof b === 'object') {
      for (const key of Object.keys(a)) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]);
    }
  };
  // Lower-case state words are left out: alarm categories of the data (e.g. `emergency`) share them.
  const { stateInText: _a, ...rest } = en;
  const { stateInText: _b, ...theirs } = m;
  walk(rest, theirs);
  return out;
}

const HEADINGS: Record<string, (m: Messages) => string> = {
  'spindle-utilization': (m) => m.utilization.heading,
  'spindle-state-timeline': (m) => m.timeline.heading,
  'spindle-programs': (m) => m.programs.heading,
  'spindle-energy': (m) => m.energy.heading,
  'spindle-alerts': (m) => m.alerts.heading,
  'spindle-downtime': (m) => m.downtime.heading,
  'spindle-fleet': (m) => m.fleet.heading,
  'spindle-status-board': (m) => m.board.heading,
};

describe('every element speaks the page language', () => {
  it.each([
    ['de', de],
    ['es', es],
    ['fr', fr],
    ['en', en],
  ] as const)('lang="%s": headings, states, sentences and numbers', async (lang, m) => {
    const page = await openAll(lang);
    const forbidden = lang === 'en' ? [] : englishOnly(m);
    for (const tag of ELEMENTS) {
      const words = await wordsOf(page, tag);
      const heading = HEADINGS[tag];
      if (heading) expect(words, tag).toContain(heading(m));
      for (const english of forbidden)
        expect(words, `${tag} (${lang}) says "${english}"`).not.toMatch(
          new RegExp(`\\b${english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`),
        );
    }
    // Legends and cards name states in the language.
    expect(await wordsOf(page, 'spindle-utilization')).toContain(m.states.Running);
    expect(await wordsOf(page, 'spindle-status-board')).toMatch(new RegExp(Object.values(m.states).join('|')));
    // The dashboard's pickers and its charts.
    const dashboard = await wordsOf(page, 'spindle-dashboard');
    expect(dashboard).toContain(m.dashboard.machine);
    expect(dashboard).toContain(m.utilization.heading);
    // Numbers through Intl: a decimal comma in German, Spanish and French.
    const summary = await page.locator('#spindle-utilization [part="summary"]').textContent();
    expect(summary).toMatch(lang === 'en' ? /\d\.\d\u00a0h/ : /\d,\d\u00a0h/);
    await page.close();
  });

  it('an element’s locale wins over the page, and a language added with defineLanguage is used', async () => {
    const page = await browser.newPage();
    await recordEvents(page);
    const html = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>it</title>
<script type="module">
  import { defineLanguage, messages } from '/widgets/spindle-widgets.js';
  defineLanguage('it', { ...messages.en, programs: { ...messages.en.programs, heading: 'Programmi' } });
  for (const [id, locale] of [['a', 'it-IT'], ['b', 'fr']]) {
    const el = document.createElement('spindle-programs');
    Object.assign(el, { id, locale, apiUrl: ${JSON.stringify(api.base)}, machine: '2207' });
    document.body.append(el);
  }
</script></head><body></body></html>`;
    await page.goto(portal.page('lang-define', html));
    await expect.poll(() => page.locator('#a h2').textContent()).toBe('Programmi');
    await expect.poll(() => page.locator('#b h2').textContent()).toBe(fr.programs.heading);
    await page.close();
  });
});
