/**
 * The token drawn segment by segment. Each segment has a colour and, so that colour is never
 * the only cue, its own underline style (header solid, payload dashed, signature dotted, any
 * extra segment wavy), explained by a legend. Characters a problem points at are wrapped in
 * <mark>, which is outlined and bold as well as highlighted.
 *
 * @module
 */

import { el } from './elements.js';

const SEGMENTS = [
  { name: 'header', className: 'seg-h', underline: 'solid underline' },
  { name: 'payload', className: 'seg-p', underline: 'dashed underline' },
  { name: 'signature', className: 'seg-s', underline: 'dotted underline' },
] as const;
const EXTRA = { name: 'extra segment', className: 'seg-x', underline: 'wavy underline' } as const;

function segmentStyle(index: number) {
  return SEGMENTS[index] ?? EXTRA;
}

/** A segment's text in its style, as a <code>: for the step-by-step view. */
export function segmentCode(text: string, index: number): HTMLElement {
  return el('code', { class: segmentStyle(index).className }, text);
}

/** The legend: which style is which segment, in words. */
export function segmentLegend(count: number): HTMLElement {
  const shown = Math.max(3, Math.min(count, 4));
  const items = [];
  for (let i = 0; i < shown; i++) {
    const s = segmentStyle(i);
    items.push(el('li', null, el('span', { class: s.className }, s.name), ` (${s.underline})`));
  }
  return el('ul', { class: 'legend', 'aria-label': 'Legend' }, ...items);
}

/**
 * The whole token, segment by segment, with the characters at `marks` (offsets into `token`)
 * highlighted.
 */
export function segmentedToken(token: string, marks: ReadonlySet<number>): HTMLElement {
  const out = el('p', { class: 'token', id: 'token-view' });
  const sorted = [...marks].filter((m) => m >= 0 && m < token.length).sort((a, b) => a - b);
  let start = 0;
  let index = 0;
  for (;;) {
    const dot = token.indexOf('.', start);
    const end = dot === -1 ? token.length : dot;
    const span = el('span', { class: segmentStyle(index).className });
    let at = start;
    for (const m of sorted) {
      if (m < start || m >= end) continue;
      if (m > at) span.append(token.slice(at, m));
      span.append(el('mark', { title: `character ${m}` }, token[m]!));
      at = m + 1;
    }
    if (at < end) span.append(token.slice(at, end));
    out.append(span);
    if (dot === -1) break;
    // A mark can point at a dot too (it is then shown like any other marked character).
    out.append(sorted.includes(dot) ? el('mark', { title: `character ${dot}` }, '.') : el('span', { class: 'dot' }, '.'));
    start = dot + 1;
    index++;
  }
  return out;
}
