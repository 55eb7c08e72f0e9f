// Makes the 'Peakwatch Symbols' face (client/src/fonts/symbols-{400,700}.woff2): the glyphs of SYMBOL_GLYPHS
// cut from DejaVu Sans, a few kB instead of the whole font. Run after changing SYMBOL_GLYPHS:
// `npm run fonts:symbols`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import subsetFont from 'subset-font';
import { SYMBOL_GLYPHS } from '../client/src/fonts/symbols';

const require = createRequire(import.meta.url);

for (const weight of [400, 700]) {
  const source = require.resolve(`@fontsource/dejavu-sans/files/dejavu-sans-latin-${weight}-normal.woff2`);
  const out = new URL(`../client/src/fonts/symbols-${weight}.woff2`, import.meta.url);
  const subset = await subsetFont(readFileSync(source), SYMBOL_GLYPHS, { targetFormat: 'woff2' });
  writeFileSync(out, subset);
  console.log(`fonts: ${out.pathname} (${subset.length} bytes, ${[...SYMBOL_GLYPHS].length} glyphs)`);
}
