import type { Page } from 'playwright-core';

/**
 * What a reader would see as broken text in `scope` (a selector; the whole page by default): a scrollbar
 * sideways, a text drawn with no width (its font missing), a text sticking out of a box it sits in, a text cut
 * by its box without an ellipsis and a `title` holding all of it, and two texts drawn over each other.
 * Texts are measured as drawn (Range rects), each line's height cut to its em box, so a tight line-height is
 * no overlap. The stale overlay covers the wall on purpose and is left out.
 */
export function textProblems(page: Page, scope = 'body'): Promise<string[]> {
  return page.evaluate((scope) => {
    type Box = { l: number; t: number; r: number; b: number };
    const problems: string[] = [];
    const doc = document.scrollingElement!;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`horizontal scroll ${doc.scrollWidth} > ${doc.clientWidth}`);
    const root = document.querySelector(scope);
    if (!root) return [`no ${scope}`];
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\s+/g, '.')}[${(el.textContent ?? '').trim().slice(0, 40)}]`;
    const clips = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
    const drawn: { el: Element; box: Box }[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const el = node.parentElement!;
      // Not drawn: hidden, in a closed <details>, or a select's options (drawn by the browser's own popup).
      if (!text || el.closest('.stale, option, select') || !el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.height > 0);
      if (rects.reduce((w, r) => w + r.width, 0) < 1) { problems.push(`drawn with no width (no font?): ${name(el)}`); continue; }
      const em = parseFloat(getComputedStyle(el).fontSize);
      for (const r of rects) {
        if (r.width < 0.5) continue;
        const cut = Math.max(0, (r.height - em) / 2);
        const box: Box = { l: r.left, t: r.top + cut, r: r.right, b: r.bottom - cut };
        for (let a: Element | null = el; a && a !== document.documentElement; a = a.parentElement) {
          const ab = a.getBoundingClientRect();
          const out = box.l < ab.left - 1 || box.r > ab.right + 1 || box.t < ab.top - 1 || box.b > ab.bottom + 1;
          if (!out) continue;
          if (!clips(a)) { problems.push(`sticks out of ${name(a)}: ${name(el)}`); break; }
          const titled = (a.closest('[title]')?.getAttribute('title') ?? '').includes(text) || (el.closest('[title]')?.getAttribute('title') ?? '').includes(text);
          if (getComputedStyle(a).textOverflow !== 'ellipsis' || !titled) problems.push(`cut without an ellipsis and a title holding it: ${name(el)} in ${name(a)}`);
          box.l = Math.max(box.l, ab.left); box.r = Math.min(box.r, ab.right); box.t = Math.max(box.t, ab.top); box.b = Math.min(box.b, ab.bottom);
          if (box.r <= box.l || box.b <= box.t) break;
        }
        if (box.r > box.l && box.b > box.t) drawn.push({ el, box });
      }
    }
    for (let i = 0; i < drawn.length; i++) {
      for (let j = i + 1; j < drawn.length; j++) {
        const [a, b] = [drawn[i]!, drawn[j]!];
        if (a.el === b.el) continue;
        const w = Math.min(a.box.r, b.box.r) - Math.max(a.box.l, b.box.l);
        const h = Math.min(a.box.b, b.box.b) - Math.max(a.box.t, b.box.t);
        if (w > 1 && h > 1) problems.push(`overlap: ${name(a.el)} and ${name(b.el)}`);
      }
    }
    return [...new Set(problems)];
  }, scope);
}
