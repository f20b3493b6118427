import type { Browser } from 'playwright-core';

/**
 * Debian's Chromium as the tests and benchmarks drive it: never a downloaded browser, headless, as root (no sandbox),
 * and without the background connections a machine that reaches only loopback would refuse.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches it; playwright-core is loaded only here, so importing this module costs nothing until a browser is needed. */
export async function launchChromium(
  executablePath = process.env['CHROME_PATH'] || '/usr/bin/chromium',
): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
