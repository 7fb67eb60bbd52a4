/** The statistics every benchmark reports, in one place. */

/** The values in ascending order (a copy). */
export const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** The median: the middle value, or the mean of the two middle ones for an even count (NaN for none). */
export function median(xs: readonly number[]): number {
  const s = sorted(xs);
  const mid = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
