/**
 * Text on the machine drawing, measured without a DOM: label widths from font metrics
 * (`capsWidth`), event labels packed onto shared lines (`packLabels`), and black or white text on a
 * state's fill (`textOn`).
 */
import { MACHINE_LAYOUT } from './machineGeometry.ts';

/** Advance widths (1/1000 em) of Helvetica/Arial, which most sans-serif UI fonts are close to. */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const W_REGULAR = [667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611];
const W_BOLD = [722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611];

/**
 * Width of a label in px, from Helvetica's widths (+8 % for other platforms' fonts): state and
 * event names are upper case, where a flat 0.6 em average is far off (I vs W).
 */
export function capsWidth(s: string, size: number, bold = false): number {
  let w = 0;
  for (const ch of s) {
    const u = UPPER.indexOf(ch);
    const c = ch.charCodeAt(0);
    if (u >= 0) w += (bold ? W_BOLD : W_REGULAR)[u]! / 1000;
    else if (c > 0x2e80) w += 1;
    else if (ch === ' ') w += 0.278;
    else if (ch === '_') w += 0.556;
    else if (/[0-9]/.test(ch)) w += 0.556;
    else if (/[ijlft.,:;!|'[\]()]/.test(ch)) w += 0.3;
    else if (/[mw]/.test(ch)) w += 0.85;
    else w += 0.54;
  }
  return Math.ceil(w * size * 1.08);
}

/**
 * Label lines of an edge: its labels joined with ", " while a line stays within the longest
 * label's width (at least 90 px), so that several short events share a line.
 */
export function packLabels(labels: readonly string[], size: number = MACHINE_LAYOUT.labelSize): string[] {
  const max = Math.max(90, ...labels.map((l) => capsWidth(l, size)));
  const lines: string[] = [];
  for (const l of labels) {
    const last = lines[lines.length - 1];
    if (last !== undefined && capsWidth(`${last}, ${l}`, size) <= max) lines[lines.length - 1] = `${last}, ${l}`;
    else lines.push(l);
  }
  return lines;
}

/** Relative luminance of a `#rrggbb` colour (WCAG 2). */
export function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever contrasts more with the background `hex`. */
export function textOn(hex: string): '#141414' | '#ffffff' {
  const l = luminance(hex);
  const black = (l + 0.05) / (luminance('#141414') + 0.05);
  const white = 1.05 / (l + 0.05);
  return black >= white ? '#141414' : '#ffffff';
}
