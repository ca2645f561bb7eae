/**
 * Timing helpers for the benchmarks: medians over runs, with a full garbage
 * collection before each run so one run's garbage is not billed to the next,
 * and cases run round-robin so the load of a shared machine hits all alike.
 */
import * as v8 from 'v8';
import * as vm from 'vm';

v8.setFlagsFromString('--expose-gc');
const collect: () => void = vm.runInNewContext('gc');

/** The duration of one run, split into building the App and synthesizing it. */
export interface Timing {
  /** Milliseconds spent building the App (constructing constructs). */
  readonly build: number;
  /** Milliseconds spent synthesizing (validation, rendering, YAML, writing). */
  readonly synth: number;
}

/** Medians over runs. */
export interface Medians {
  readonly total: number;
  readonly build: number;
  readonly synth: number;
  readonly runs: number;
}

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Times `fn` once. */
export function time(fn: () => void): number {
  const start = now();
  fn();
  return now() - start;
}

/** The medians of some timings. */
export function summarize(timings: Timing[]): Medians {
  return {
    total: median(timings.map((t) => t.build + t.synth)),
    build: median(timings.map((t) => t.build)),
    synth: median(timings.map((t) => t.synth)),
    runs: timings.length,
  };
}

/**
 * Runs every case `runs` times, round-robin (case 1, case 2, ..., case 1,
 * ...), with a garbage collection before each run, so a slow period of the
 * machine hits every case alike. Returns the timings per case.
 */
export function roundRobin(runs: number, cases: { [key: string]: () => Timing }): { [key: string]: Timing[] } {
  const timings: { [key: string]: Timing[] } = {};
  for (const key of Object.keys(cases)) timings[key] = [];
  for (let i = 0; i < runs; i++) {
    for (const [key, run] of Object.entries(cases)) {
      collect();
      timings[key].push(run());
    }
  }
  return timings;
}

/** The median over runs of `x[i] / y[i]` (total times of the same round). */
export function pairedRatio(x: Timing[], y: Timing[]): number {
  const n = Math.min(x.length, y.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    ratios.push((x[i].build + x[i].synth) / (y[i].build + y[i].synth));
  }
  return median(ratios);
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The peak resident set size of the process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Runs a garbage collection now. */
export function gc(): void {
  collect();
}
