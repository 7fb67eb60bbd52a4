/**
 * The number of runs for property tests: `PBT_RUNS` from the environment, 200 by default.
 */
export function pbtRuns(fallback = 200): number {
  const raw = process.env['PBT_RUNS'];
  const n = raw === undefined ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
