import { performance } from 'node:perf_hooks';

/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Highest RSS seen while `work` ran, sampled every `everyMs`. */
export async function withPeakRss<T>(work: () => Promise<T>, everyMs = 25): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssMb: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

/** Runs `once` back to back for about `seconds`; returns runs per second. */
export async function runsPerSecond(once: () => Promise<void>, seconds: number): Promise<{ runs: number; perSecond: number }> {
  const started = performance.now();
  const until = started + seconds * 1000;
  let runs = 0;
  while (performance.now() < until) {
    await once();
    runs += 1;
  }
  return { runs, perSecond: runs / ((performance.now() - started) / 1000) };
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

export const fixed = (value: number, digits = 0): string => value.toFixed(digits);
