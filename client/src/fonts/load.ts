/** How long the first render waits for the faces at most: a face that fails must not keep the wall blank. */
const WAIT_MS = 3_000;

/**
 * Loads every face the stylesheet declares (fonts.css) before the first render, so figures never show in a
 * fallback first and charts (drawn once on a canvas, which no font swap repaints) use the right face.
 * Resolves after WAIT_MS at the latest; never rejects.
 */
export function loadFonts(waitMs = WAIT_MS): Promise<void> {
  const faces = Promise.allSettled([...document.fonts].map((face) => face.load()));
  return Promise.race([faces, new Promise((ok) => setTimeout(ok, waitMs))]).then(() => undefined);
}
