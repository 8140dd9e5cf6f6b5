/**
 * Text widths for laying out SVG labels before they are drawn, from a shared 2D canvas context
 * (no DOM writes, no layout). Results are cached per font and text: a chart measures the same
 * few labels on every resize.
 */

let context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null | undefined;
/** The font last given to the context: setting `font` parses it every time, so only on change. */
let contextFont = '';
const widths = new Map<string, number>();

function getContext() {
  if (context === undefined) {
    context = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1).getContext('2d') : document.createElement('canvas').getContext('2d');
  }
  return context;
}

/** Width in CSS pixels of `text` drawn in `font`; a rough estimate where no canvas can measure (jsdom, which lays nothing out). */
export function measureText(text: string, font: string): number {
  const key = `${font}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    const ctx = getContext();
    if (ctx) {
      if (contextFont !== font) ctx.font = contextFont = font;
      width = ctx.measureText(text).width;
    } else {
      width = text.length * 8;
    }
    // Keep the cache bounded on pages that chart ever-changing numbers.
    if (widths.size > 5000) widths.clear();
    widths.set(key, width);
  }
  return width;
}

/**
 * Breaks text into lines no wider than `maxWidth`, at spaces; a single word wider than that is
 * broken between characters, so nothing is ever clipped.
 */
export function wrapText(text: string, maxWidth: number, measure: (text: string) => number): string[] {
  if (measure(text) <= maxWidth) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    // A word wider than a line: as many characters a line as fit, at least one.
    line = '';
    for (const char of word) {
      if (line && measure(line + char) > maxWidth) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}
