/** Percentages as written ("54%", "17 percent", "2.5 per cent"); fractions in words ("a third") are not. */
import type { PercentageEntity } from '../claims/types.ts';

const PERCENT = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s?(?:%|per ?cent\b|pct\b|percentage points?\b)/giu;

export function extractPercentages(text: string): PercentageEntity[] {
  const out: PercentageEntity[] = [];
  for (const m of text.matchAll(PERCENT)) {
    const start = m.index ?? 0;
    const value = Number((m[1] as string).replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    out.push({ text: m[0], value, start, end: start + m[0].length });
  }
  return out;
}
