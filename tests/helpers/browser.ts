import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from 'playwright-core';

let noFontsConfig: string | undefined;

/** A fontconfig file that lists no font directory (written once per process): the browser sees no system font. */
function fontconfigWithoutFonts(): string {
  if (noFontsConfig) return noFontsConfig;
  const dir = mkdtempSync(join(tmpdir(), 'peakwatch-nofonts-'));
  const file = join(dir, 'fonts.conf');
  writeFileSync(file, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`);
  noFontsConfig = file;
  return file;
}

/**
 * Debian's Chromium, headless, with the flags this sandbox needs (no background networking: the network is
 * closed). `PEAKWATCH_CHROMIUM` names another binary. Without `systemFonts`, the browser sees none of the
 * machine's fonts, so the pages show only the faces they bring: a test passes on any machine or none.
 */
export function launchChromium(extraArgs: string[] = [], { systemFonts = false } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PEAKWATCH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
    ...(systemFonts ? {} : { env: { ...process.env, FONTCONFIG_FILE: fontconfigWithoutFonts() } }),
  });
}

/** The browser of a test file and the contexts (each with its own storage) it opened: closed together. */
export class Pages {
  private readonly contexts: BrowserContext[] = [];

  constructor(readonly browser: Browser) {}

  /** A fresh context (storage of its own), closed with the others. */
  async context(options: BrowserContextOptions): Promise<BrowserContext> {
    const context = await this.browser.newContext(options);
    this.contexts.push(context);
    return context;
  }

  /** A page of a fresh context, at `url`. */
  async open(url: string, options: BrowserContextOptions): Promise<Page> {
    const page = await (await this.context(options)).newPage();
    await page.goto(url);
    return page;
  }

  /** Closes the contexts opened so far (their pages with them), keeping the browser for the next test. */
  async closeContexts(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser.close();
  }
}

/** The text shown by the element with `data-testid`. */
export const textOf = (page: Page, testId: string) => page.getByTestId(testId).innerText();

/**
 * Closes a browser test file's parts in the order given (the browser first, so no page talks to a server that is
 * closing); a part never opened (a `beforeAll` that failed) is passed over.
 */
export async function closeAll(...parts: ({ close(): unknown } | { disconnect(): unknown } | undefined)[]): Promise<void> {
  for (const p of parts) {
    if (!p) continue;
    if ('close' in p) await p.close();
    else p.disconnect();
  }
}
