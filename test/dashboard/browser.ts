/**
 * Real headless Chromium for the dashboard tests: Debian's `chromium` driven by playwright-core (playwright cannot
 * download its own browsers here). A missing browser fails the test with a message saying how to install it; it
 * never skips.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian installs Chromium; `MANIREPORTS_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.MANIREPORTS_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet and offline on this machine (see LOCAL_AWS.md). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/**
 * Starts headless Chromium with a fresh temporary profile (playwright's default for `launch`).
 * @throws Error naming the path and the install command when Chromium is not there.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; the dashboard browser tests need it. ` +
        'Install it with `apt-get install -y chromium` (or set MANIREPORTS_CHROMIUM to its path).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_FLAGS] });
}
