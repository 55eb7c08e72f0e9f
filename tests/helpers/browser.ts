import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the flags this sandbox needs (no background networking: the network is
 * closed). `PEAKWATCH_CHROMIUM` names another binary.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PEAKWATCH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}
