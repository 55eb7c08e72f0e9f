import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildClientOnce } from '../helpers/client-build';
import { INGEST_KEY, TOKENS } from '../helpers/app';

/** Every file of the built client, as text. */
function builtFiles(dir = 'client/dist'): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? builtFiles(path) : [{ path, text: readFileSync(path, 'latin1') }];
  });
}

describe('the client bundle', () => {
  beforeAll(async () => {
    // Secrets a careless build could inline from the environment it runs in.
    process.env.PEAKWATCH_ADMIN_TOKEN = TOKENS.admin;
    process.env.PEAKWATCH_LEAD_TOKEN = TOKENS.lead;
    process.env.PEAKWATCH_VIEWER_TOKEN = TOKENS.viewer;
    process.env.PEAKWATCH_INGEST_KEYS = INGEST_KEY;
    await buildClientOnce();
  }, 120_000);

  it('contains no configured secret and no inline script', () => {
    const files = builtFiles();
    expect(files.some((f) => f.path.endsWith('.js'))).toBe(true);
    for (const secret of [TOKENS.admin, TOKENS.lead, TOKENS.viewer, INGEST_KEY]) {
      expect(files.filter((f) => f.text.includes(secret)).map((f) => f.path)).toEqual([]);
    }
    const html = files.find((f) => f.path.endsWith('index.html'))!.text;
    // helmet's CSP (script-src 'self') would block an inline script: the page must need none.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
  });
});
