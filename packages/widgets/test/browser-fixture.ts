import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export { launchChromium } from '../../../scripts/chromium.mjs';

const bundleDir = fileURLToPath(new URL('../dist/browser/', import.meta.url));
export const artifactsDir = fileURLToPath(new URL('../../../test-artifacts/widgets/', import.meta.url));

export interface Portal {
  base: string;
  /** Serves `html` at `/name.html` (with extra response headers, e.g. a CSP) and returns its URL. */
  page(name: string, html: string, headers?: Record<string, string>): string;
  /** Serves a script of the portal's own at `/name.js`. */
  script(name: string, js: string): string;
  close(): Promise<void>;
}

/**
 * A third-party portal on its own origin: serves the widgets' browser bundle under
 * `/widgets/` and the pages a test writes, so the API is reached across origins.
 */
export async function startPortal(): Promise<Portal> {
  const pages = new Map<string, { body: string; headers: Record<string, string> }>();
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://portal').pathname;
    const page = pages.get(path);
    if (page !== undefined) {
      res.writeHead(200, page.headers).end(page.body);
      return;
    }
    if (path.startsWith('/widgets/')) {
      const file = normalize(join(bundleDir, path.slice('/widgets/'.length)));
      if (file.startsWith(bundleDir)) {
        try {
          const body = await readFile(file);
          res.writeHead(200, { 'Content-Type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream' }).end(body);
          return;
        } catch {
          // fall through to 404
        }
      }
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    page(name, html, headers = {}) {
      pages.set(`/${name}.html`, { body: html, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers } });
      return `${base}/${name}.html`;
    },
    script(name, js) {
      pages.set(`/${name}.js`, { body: js, headers: { 'Content-Type': 'text/javascript' } });
      return `${base}/${name}.js`;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A page's HTML loading the bundle as a portal would: one module script. */
export function portalPage(body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>portal</title>${head}
<script type="module" src="/widgets/spindle-widgets.js"></script></head>
<body style="margin:16px;width:900px">${body}</body></html>`;
}

/** Records every spindle-* event on the page in `window.spindleEvents`, from before the bundle loads. */
export async function recordEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const events: { type: string; tag: string; id: string; detail: unknown }[] = [];
    (window as unknown as { spindleEvents: typeof events }).spindleEvents = events;
    for (const type of ['spindle-load', 'spindle-error', 'spindle-select', 'spindle-stream']) {
      document.addEventListener(type, (e) => {
        const target = e.composedPath()[0] as HTMLElement;
        const detail = (e as CustomEvent).detail;
        events.push({
          type,
          tag: target.tagName.toLowerCase(),
          id: target.id,
          detail: JSON.parse(JSON.stringify(detail, (k, v) => (k === 'alert' ? undefined : v))),
        });
      });
    }
  });
}

/** Waits until the element with `id` has fired `type`, `count` times in all. */
export async function waitForEvent(page: Page, id: string, type: string, count = 1): Promise<void> {
  await page.waitForFunction(
    ([id, type, count]) =>
      (window as unknown as { spindleEvents: { type: string; id: string }[] }).spindleEvents.filter((e) => e.id === id && e.type === type)
        .length >= Number(count),
    [id, type, String(count)] as const,
    { timeout: 20_000 },
  );
}

/** Marks vega drew for the element's data (axes and legends excluded). */
export function countMarks(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (id) =>
      document
        .getElementById(id)
        ?.shadowRoot?.querySelectorAll('.chart g.role-mark > path, .chart g.role-mark > line, .chart g.role-mark > text').length ?? -1,
    id,
  );
}

/** Another API server on the same database, that a test stops and starts again on the same port. */
export async function startSecondServer(databaseUrl: string): Promise<{ base: string; stop(): Promise<void>; start(): Promise<void> }> {
  const { createServer: createApi } = await import('../../server/src/create-server.js');
  const api = createApi({ databaseUrl, log: () => {} });
  const http = createServer(api.handler);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((r) => {
        http.closeAllConnections();
        http.close(() => r());
      }),
    start: () => new Promise<void>((r) => http.listen(port, '127.0.0.1', r)),
  };
}

/** Starts an example's own server (`node script`) and resolves with the URL it prints after `announce`. */
export async function startExampleServer(
  script: string,
  env: Record<string, string>,
  announce: string,
): Promise<{ url: string; stop(): void }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: '0', ...env } });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = new RegExp(`${announce} (\\S+)`).exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('close', () => reject(new Error(`${script} stopped: ${out}`)));
  });
  return { url, stop: () => child.kill() };
}
