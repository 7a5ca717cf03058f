// Debian's Chromium (never a downloaded browser), with the flags this closed
// network needs: without the background-networking ones Chromium keeps dialling
// hosts it cannot reach. One launcher for the widget tests, the widget benchmark
// and the README's screenshot.
import { chromium } from 'playwright-core';

/** @returns {Promise<import('playwright-core').Browser>} */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
