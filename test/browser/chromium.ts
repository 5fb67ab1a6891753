/**
 * Debian's Chromium for the browser tests, driven by playwright-core; no browser is ever downloaded. The flags keep it
 * off the network (this machine has none beyond the package registries) and out of first-run prompts.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CLAIMWIRE_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile; `close` also removes the profile. Fails clearly when Chromium is missing. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. The browser tests drive the system Chromium and never download one: ` +
        'install it with `apt-get install -y chromium` (Debian/Ubuntu), or point CLAIMWIRE_CHROMIUM at a Chromium binary.',
    );
  }
  await mkdir(RESULTS, { recursive: true });
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'claimwire-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1360, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
    reducedMotion: 'reduce',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Records every Content-Security-Policy violation on any page of the context into `into` (an inline script or style
 * the policy blocks, an injected element's source): a test asserts the list stays empty.
 */
export async function recordCspViolations(context: BrowserContext, into: string[]): Promise<void> {
  await context.exposeFunction('__cspViolation', (v: string) => into.push(v));
  await context.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation([e.violatedDirective, e.blockedURI, e.sample].join(' ')));",
  });
}
