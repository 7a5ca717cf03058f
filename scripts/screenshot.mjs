// Takes the README's picture: runs the embedded demo (`npm start`), opens its
// dashboard page in Debian's Chromium and saves docs/images/dashboard.png.
// Usage: npm run build && node scripts/screenshot.mjs [OUT.png]
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'docs/images/dashboard.png');
const demo = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
  env: { ...process.env, DATABASE_URL: '', PORT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((resolve, reject) => {
  let text = '';
  demo.stdout.on('data', (d) => {
    text += d;
    const m = /dashboard +(\S+)\//.exec(text);
    if (m && text.includes('Press Ctrl-C')) resolve(m[1]);
  });
  demo.on('close', () => reject(new Error(`the demo stopped:\n${text}`)));
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await page.addInitScript(() => {
    window.loads = 0;
    document.addEventListener('spindle-load', () => window.loads++);
  });
  await page.goto(`${base}/`);
  // The fleet, then every chart of the first machine's dashboard.
  await page.waitForFunction(() => window.loads >= 8, null, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: false });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  demo.kill('SIGINT');
}
