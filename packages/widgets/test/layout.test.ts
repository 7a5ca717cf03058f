import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { artifactsDir, launchChromium, recordEvents, startPortal, type Portal } from './browser-fixture.js';

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

const CHARTS = [
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

interface Box {
  text: string;
  group: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Every text of the element's chart (axis labels and titles, legend labels, text
 * marks) with its box on the page, and the boxes of the card and of the chart's
 * SVG, which clips what it does not hold.
 */
function chartTexts(page: Page, id: string): Promise<{ texts: Box[]; card: Box; svg: Box }> {
  return page.evaluate((id) => {
    const el = document.getElementById(id)!;
    const box = (node: Element, text = '', group = '') => {
      const r = node.getBoundingClientRect();
      return { text, group, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const texts = [...el.shadowRoot!.querySelectorAll('.chart svg text')]
      // Labels vega hid to avoid overlap stay in the SVG, transparent.
      .filter((t) => (t.textContent ?? '').trim() !== '' && getComputedStyle(t).opacity !== '0' && t.getAttribute('opacity') !== '0')
      .map((t) => {
        // Texts of one axis, one legend or one mark layer must not overlap each other.
        const group = t.closest('g.role-axis, g.role-legend, g.role-mark');
        const kind = group ? `${group.getAttribute('class')}#${[...group.parentElement!.children].indexOf(group)}` : 'other';
        return box(t, t.textContent ?? '', kind);
      });
    return { texts, card: box(el), svg: box(el.shadowRoot!.querySelector('.chart svg')!) };
  }, id);
}

const overlap = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

// German and French write the longest labels: each at one of the widths.
describe('every chart at a phone’s and a wide screen’s width', () => {
  it.each([
    [390, 'en'],
    [1400, 'en'],
    [390, 'de'],
    [1400, 'fr'],
  ] as const)('%i px, lang="%s": no chart text is clipped, cut or overlapping, and cards fit their content', async (width, lang) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await recordEvents(page);
    const body = CHARTS.map(([tag, attrs], i) => `<${tag} id="el${i}" api-url="${api.base}" machine="2207" ${attrs}></${tag}>`).join('\n');
    const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>layout</title>
<script type="module" src="/widgets/spindle-widgets.js"></script></head>
<body style="margin:8px">${body}</body></html>`;
    await page.goto(portal.page(`layout-${width}-${lang}`, html));
    await page.waitForFunction(
      (n) =>
        (window as unknown as { spindleEvents: { type: string }[] }).spindleEvents.filter((e) => e.type === 'spindle-load').length >= n,
      CHARTS.length,
      { timeout: 30_000 },
    );
    for (const [i, [tag, attrs]] of CHARTS.entries()) {
      const id = `el${i}`;
      const where = `<${tag} ${attrs}> at ${width} px, ${lang}`;
      const { texts, card, svg } = await chartTexts(page, id);
      expect(texts.length, where).toBeGreaterThan(0);
      for (const t of texts) {
        // Inside the SVG, which clips, and the card: vega draws past its own box when a legend or label does not fit.
        expect(t.left, `${where}: "${t.text}" starts left of the card`).toBeGreaterThanOrEqual(Math.max(card.left, svg.left) - 0.5);
        expect(t.right, `${where}: "${t.text}" ends right of the card`).toBeLessThanOrEqual(Math.min(card.right, svg.right) + 0.5);
        expect(t.top, `${where}: "${t.text}" starts above the chart`).toBeGreaterThanOrEqual(svg.top - 0.5);
        expect(t.bottom, `${where}: "${t.text}" ends below the chart`).toBeLessThanOrEqual(svg.bottom + 0.5);
        expect(t.text, `${where}: a label cut short`).not.toMatch(/…$/);
      }
      for (const [j, a] of texts.entries()) {
        for (const b of texts.slice(j + 1)) {
          if (a.group === b.group) expect(overlap(a, b), `${where}: "${a.text}" overlaps "${b.text}" in ${a.group}`).toBe(false);
        }
      }
      // Sized to content: nothing but padding below the element's last child.
      const gap = await page.evaluate((id) => {
        const el = document.getElementById(id)!;
        const last = [...el.shadowRoot!.querySelectorAll('*')].reduce((m, n) => Math.max(m, n.getBoundingClientRect().bottom), 0);
        return el.getBoundingClientRect().bottom - last;
      }, id);
      expect(gap, `${where}: empty space at the bottom of the card`).toBeLessThan(40);
    }
    await page.screenshot({ path: `${artifactsDir}layout-${width}-${lang}.png`, fullPage: true });
    await page.close();
  });
});
