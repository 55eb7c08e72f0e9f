/**
 * The marks the screens show that the text faces (Inter, Roboto Condensed: latin only) lack: state marks,
 * comparisons, arrows, chart keys, disclosure triangles. The 'Peakwatch Symbols' face carries exactly these
 * (`npm run fonts:symbols` makes it from DejaVu Sans), so they render the same on a machine without fonts.
 */
export const SYMBOL_GLYPHS = '✓●○▲■▾▸≥≤→━┅┆';

