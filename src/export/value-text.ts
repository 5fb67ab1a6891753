/** How a claim's value reads in exports: one wording for CSV cells and STIX notes. */
import type { Claim } from '../claims/types.ts';

/**
 * The value as text: an `active-since` ISO prefix as is, a statistic as `54% of APT10's activity`, nothing as null.
 * Shared so the CSV column and the STIX note say the same thing.
 */
export function claimValueText(value: Claim['value']): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  return `${value.percent}% of ${value.of}`;
}
