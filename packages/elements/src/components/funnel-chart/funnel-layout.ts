import { wrapText } from '../../internal/text-measure.js';

/** The kinds of text a funnel draws; each has its own size and weight. */
export type TextKind = 'name' | 'value' | 'small' | 'note';

/** One stage as the layout sees it: its texts already formatted, its bar as a share of the scale. */
export interface LayoutRow {
  name: string;
  value: string;
  /** "62% of previous", "31% of first": shown together when they fit, else one a line. */
  rates: string[];
  /** Bar length as a share of the widest bar, 0..1. */
  fraction: number;
  /** The comparison period's bar, 0..1, when there is one. */
  ghost?: number;
  /** Drop-off from the previous stage, drawn in the gap above this row. */
  drop?: string;
  /** Notes under the row (follow-up and SLA at the hand-off stage). */
  notes?: string[];
}

export interface LayoutInput {
  width: number;
  rows: LayoutRow[];
  variant: 'bars' | 'funnel';
  /** The base font size in px; every other size follows it. */
  fontSize: number;
  measure: (text: string, kind: TextKind) => number;
}

export interface TextBox {
  text: string;
  kind: TextKind;
  /** The anchor point: x per `anchor`, y the middle of the line. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  /** Measured width, for the overlap checks. */
  width: number;
  /** True when the text sits on the bar (drawn in the on-bar colour). */
  onBar?: boolean;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RowLayout {
  /** The stage's whole area, for pointer hits and the focus ring. */
  hit: Box;
  bar: Box;
  ghost?: Box;
  /** The stage's own texts, in reading order: name, count, conversion, notes. */
  texts: TextBox[];
  /** Texts outside the stage's own area (the drop-off above it). */
  gapTexts: TextBox[];
}

export interface FunnelLayout {
  width: number;
  height: number;
  /** Labels in a column beside the bars (wide) or above them (narrow). */
  wide: boolean;
  rows: RowLayout[];
  /** Funnel variant: the polygon joining each bar to the one before it, as SVG `points`. */
  connectors: string[];
}

/** The horizontal extent of a text box. */
export function textSpan(t: TextBox): [number, number] {
  const start = t.anchor === 'start' ? t.x : t.anchor === 'end' ? t.x - t.width : t.x - t.width / 2;
  return [start, start + t.width];
}

/**
 * Lays out a funnel at a given width so that no label overlaps another or runs past an edge:
 * labels go in a column beside the bars when the width allows, above them when it does not;
 * a count moves outside a bar too short to hold it; long names and notes wrap. Pure: every
 * text width comes from `measure`.
 */
export function layoutFunnel({ width, rows, variant, fontSize, measure }: LayoutInput): FunnelLayout {
  const W = Math.max(1, width);
  const line = Math.round(fontSize * 1.45);
  const smallLine = Math.round(fontSize * 1.3);
  const barH = Math.round(fontSize * 2);
  const pad = Math.round(fontSize * 0.6);
  const gap = Math.round(fontSize);
  const funnel = variant === 'funnel';
  // A comparison is drawn as a thin bar under each stage's bar, so it shows whether it is longer or shorter.
  const hasGhost = rows.some((r) => r.ghost !== undefined);
  const ghostH = hasGhost ? Math.max(6, Math.round(fontSize * 0.45)) : 0;
  const ghostGap = hasGhost ? 3 : 0;
  const barBlock = barH + ghostGap + ghostH;
  const widest = (texts: string[], kind: TextKind) => Math.max(0, ...texts.map((t) => measure(t, kind)));
  const wrap = (text: string, kind: TextKind, max: number) => wrapText(text, max, (t) => measure(t, kind));
  const box = (text: string, kind: TextKind, x: number, y: number, anchor: TextBox['anchor'] = 'start'): TextBox => ({ text, kind, x, y, anchor, width: measure(text, kind) });
  /** Adds one box per line into `to`, `step` apart, the first line's top at y; returns the height they take. */
  const stack = (to: TextBox[], lines: string[], kind: TextKind, x: number, y: number, step: number, anchor?: TextBox['anchor']) => {
    lines.forEach((text, k) => to.push(box(text, kind, x, y + step * (k + 0.5), anchor)));
    return lines.length * step;
  };

  const valueMax = widest(rows.map((r) => r.value), 'value');
  const joined = rows.map((r) => r.rates.join(' · '));
  const ratesJoinedMax = widest(joined, 'small');
  const ratesOneLine = ratesJoinedMax <= W * 0.3;
  // The widest rates column: joined when they fit, else one rate a line (a part is never wider than the whole).
  const ratesEachMax = ratesOneLine ? ratesJoinedMax : widest(rows.flatMap((r) => r.rates), 'small');

  // Wide: [names | bars | rates]. The bar area must hold a count outside the shortest bar that
  // cannot hold it inside (two counts and padding; three for the centred funnel).
  const labelW = Math.min(widest(rows.map((r) => r.name), 'name'), W * 0.28) + gap;
  const ratesW = ratesEachMax + (ratesJoinedMax > 0 ? gap : 0);
  const wide = W >= 560 && ratesEachMax <= W * 0.3 && W - labelW - ratesW >= Math.max((funnel ? 3 : 2) * valueMax + 4 * pad, W * 0.3);

  const x0 = wide ? labelW : 0;
  const x1 = wide ? W - ratesW : W;
  const area = Math.max(1, x1 - x0);
  // Drop-offs and notes run across the bar area when wide, across everything when stacked.
  const textW = wide ? area : W;
  /** A bar of a share of the bar area, at least 2 px when not empty. */
  const barBox = (fraction: number, y: number, height: number): Box => {
    const width = fraction > 0 ? Math.max(2, Math.min(1, fraction) * area) : 0;
    return { x: funnel ? x0 + (area - width) / 2 : x0, y, width, height };
  };

  const out: RowLayout[] = [];
  const connectors: string[] = [];
  let y = 4;
  rows.forEach((row, i) => {
    const gapTexts: TextBox[] = [];
    if (i > 0) {
      y += ghostGap;
      if (row.drop) {
        const centred = funnel && wide;
        y += stack(gapTexts, wrap(row.drop, 'small', textW), 'small', centred ? x0 + area / 2 : x0, y, smallLine, centred ? 'middle' : 'start');
      } else {
        y += Math.round(smallLine / 2);
      }
      // Stacked, the next stage's name follows the drop-off line: a little air keeps them apart.
      if (!wide) y += 4;
    }
    const top = y;
    // Texts in reading order: name, count, conversion, notes (the rates are placed before the count is).
    const texts: TextBox[] = [];
    const rateBoxes: TextBox[] = [];
    let barY: number;

    if (wide) {
      const nameLines = wrap(row.name, 'name', labelW - gap);
      const rateLines = row.rates.length === 0 ? [] : ratesOneLine ? [joined[i]!] : row.rates;
      const height = Math.max(barBlock, nameLines.length * line, rateLines.length * smallLine);
      barY = y + (height - barBlock) / 2;
      stack(texts, nameLines, 'name', 0, y + (height - nameLines.length * line) / 2, line);
      stack(rateBoxes, rateLines, 'small', W, y + (height - rateLines.length * smallLine) / 2, smallLine, 'end');
      y += height;
    } else {
      const nameLines = wrap(row.name, 'name', W);
      y += stack(texts, nameLines, 'name', 0, y, line);
      const rates = joined[i]!;
      // The rates go on the name's last line when they fit beside it, else on lines of their own.
      if (rates && measure(nameLines.at(-1)!, 'name') + gap + measure(rates, 'small') <= W) {
        rateBoxes.push(box(rates, 'small', W, y - line / 2, 'end'));
      } else if (rates) {
        y += stack(rateBoxes, wrap(rates, 'small', W), 'small', 0, y, smallLine);
      }
      barY = y += 2;
      y += barBlock;
    }

    const bar = barBox(row.fraction, barY, barH);
    const ghost = row.ghost === undefined ? undefined : barBox(row.ghost, barY + barH + ghostGap, ghostH);
    const { x, width: w } = bar;
    const value = box(row.value, 'value', Math.min(x + w + pad, x1 - measure(row.value, 'value')), barY + barH / 2);
    if (value.width + 2 * pad <= w) Object.assign(value, { x: funnel ? x + w / 2 : x + w - pad, anchor: funnel ? 'middle' : 'end', onBar: true });
    texts.push(value, ...rateBoxes);

    for (const note of row.notes ?? []) y += stack(texts, wrap(note, 'note', textW), 'note', x0, y + 2, smallLine);
    if (row.notes?.length) y += 4;

    const p = out[i - 1]?.bar;
    if (funnel && wide && p && p.width > 0 && w > 0) {
      connectors.push(`${p.x},${p.y + p.height} ${p.x + p.width},${p.y + p.height} ${x + w},${barY} ${x},${barY}`);
    }
    out.push({ hit: { x: 0, y: top, width: W, height: y - top }, bar, ghost, texts, gapTexts });
  });

  return { width: W, height: Math.ceil(y + 4), wide, rows: out, connectors };
}
