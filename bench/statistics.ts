/** Median and 95th percentile of a set of samples (nearest-rank). */
export function summarizeSamples(samples: readonly number[]): { median: number; p95: number } {
  if (samples.length === 0) return { median: Number.NaN, p95: Number.NaN };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95) };
}
