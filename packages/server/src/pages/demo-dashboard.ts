import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { mountPath } from '../http/request-target.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page at `/`: `<spindle-status-board>`, `<spindle-fleet>` and
 * `<spindle-dashboard>` loaded from the widgets bundle exactly as a third-party
 * portal embeds them, wired together by their events. They follow the event
 * stream, so the live demo moves on screen within a second of each ETL commit
 * (and poll every 10 s where the stream is refused). `base` is where a portal mounted the server ('' at
 * the root): the page's links, the widgets' script and their API start there.
 */
function page(base: string): string {
  const b = escapeHtml(base);
  const api = base ? ` api-url="${b}"` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Spindle: machine analytics</title>
<link rel="icon" href="data:,">
<script type="module" src="${b}/widgets/spindle-widgets.js"></script>
<script type="module" src="${b}/dashboard.js"></script>
<link rel="stylesheet" href="${b}/dashboard.css">
</head>
<body>
<header><strong>Spindle</strong><span>machine analytics</span><a href="${b}/docs/">API docs</a><a href="${b}/openapi.yaml">openapi.yaml</a></header>
<form id="access" hidden>
  <label for="credential">This server asks for a credential: an API key (SPINDLE_API_KEYS) or a signed embed token.</label>
  <input id="credential" name="credential" type="password" autocomplete="off" required>
  <button>Open</button>
  <span id="access-hint"></span>
</form>
<main data-api="${b}">
  <spindle-status-board id="board" refresh="10"${api}></spindle-status-board>
  <spindle-fleet id="fleet" refresh="10"${api}></spindle-fleet>
  <spindle-dashboard id="dashboard" refresh="10"${api}></spindle-dashboard>
</main>
</body>
</html>`;
}

// Script and styles live in files of their own: the page's CSP allows no inline script.
const SCRIPT = `import { createSpindleClient } from './widgets/spindle-widgets.js';

const fleet = document.getElementById('fleet');
const dashboard = document.getElementById('dashboard');
const elements = [document.getElementById('board'), fleet, dashboard];

// Under access control the page asks for a credential once a widget is refused, and keeps it for this tab.
const form = document.getElementById('access');
const KEPT = 'spindle-credential';
function use(credential) {
  const baseUrl = location.origin + document.querySelector('main').dataset.api;
  // An embed token is a JWT (three dot-separated parts); anything else is an API key.
  const client = credential.split('.').length === 3
    ? createSpindleClient({ baseUrl, token: () => credential })
    : createSpindleClient({ baseUrl, apiKey: credential });
  for (const el of elements) el.client = client;
}
const kept = sessionStorage.getItem(KEPT);
if (kept) use(kept);
document.addEventListener('spindle-error', (e) => {
  const status = e.detail.problem && e.detail.problem.status;
  if (status !== 401 && status !== 403) return;
  form.hidden = false;
  document.getElementById('access-hint').textContent = sessionStorage.getItem(KEPT) ? 'The server refused it: ' + e.detail.message : '';
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  const credential = form.elements.credential.value.trim();
  sessionStorage.setItem(KEPT, credential);
  form.hidden = true;
  use(credential);
});

document.getElementById('board').addEventListener('spindle-select', (e) => dashboard.setAttribute('machine', e.detail.machine));
fleet.addEventListener('spindle-select', (e) => dashboard.setAttribute('machine', e.detail.machine));
dashboard.addEventListener('spindle-select', (e) => {
  if (e.composedPath()[0] !== dashboard) return; // an alarm opened inside the dashboard
  fleet.setAttribute('selected', e.detail.machine);
  fleet.setAttribute('from', e.detail.from);
  fleet.setAttribute('to', e.detail.to);
});
`;

const STYLE = `body { margin: 0; font-family: system-ui, sans-serif; background: #f6f8fa; color: #1f2328; }
header { display: flex; gap: 16px; align-items: baseline; padding: 12px 24px; background: #1f2328; color: #fff; }
header a { color: #9ecbff; }
#access { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 12px 24px; background: #fff8c5; color: #1f2328; }
#access[hidden] { display: none; }
main { display: grid; gap: 16px; padding: 16px 24px; max-width: 1280px; margin: 0 auto; }
@media (prefers-color-scheme: dark) { body { background: #010409; color: #e6edf3; } }
`;

/** Where the widgets' browser bundle is installed, or null when it is not. */
function widgetsBundleDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('@spindle/widgets/bundle'));
  } catch {
    return null;
  }
}

/** Serves the demo dashboard at `/` and the widgets bundle under `/widgets/`; false when the bundle is not installed. */
export async function demoDashboard(app: FastifyInstance): Promise<boolean> {
  const dir = widgetsBundleDir();
  if (!dir) return false;
  app.get('/', (req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .send(page(mountPath(req.raw))),
  );
  app.get('/dashboard.js', (_req, reply) => reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'no-cache').send(SCRIPT));
  app.get('/dashboard.css', (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'no-cache').send(STYLE));
  // Chunk names carry a content hash; the entry keeps its name, so it revalidates.
  // The build compressed each file at the strongest settings (.br, .gz beside it).
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/widgets/',
    decorateReply: false,
    index: false,
    cacheControl: false,
    preCompressed: true,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes('/chunks/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0');
      // Which file is sent depends on Accept-Encoding: a cache in front must keep them apart.
      res.setHeader('Vary', 'Accept-Encoding');
    },
  });
  return true;
}
