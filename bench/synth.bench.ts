/**
 * Synthesis benchmark: N services (two versions each behind a weighted
 * HTTPRoute on a shared Gateway, with Deployments, Services,
 * DestinationRules and PodDisruptionBudgets), measured in one process:
 *
 *   a  YAML serialization alone of the synthesized objects (the floor)
 *   b  raw L1 objects in one Chart, built and synthesized (`app.synthYaml()`)
 *   c  the library in one Chart, built and synthesized (`app.synthYaml()`)
 *   d  the library, one Chart per service, built and synthesized with
 *      `GitOpsSynth.synthYaml()`; "d to disk" writes FILE_PER_CHART files and
 *      a kustomization.yaml instead; "d + analysis" keeps the library's
 *      synth-time analysis on (it runs once; everywhere else it is off and
 *      measured on its own as f)
 *   e  the library, one Chart per service, with cdk8s's own `app.synthYaml()`
 *      (only up to BENCH_CDK8S_MAX services: it grows as N^2.6)
 *   f  offline analysis (schema, CEL and cross-object checks) of the objects
 *
 * Usage: `npm run bench`, or
 *   BENCH_SIZES=100,1000 BENCH_RUNS=3 npx ts-node --transpile-only bench/synth.bench.ts
 * Environment: BENCH_SIZES (default 100,1000,5000), BENCH_RUNS (default 5
 * up to 1,000 services, 3 above), BENCH_CDK8S_MAX (default 1000).
 * Sizes can also be passed as the first argument.
 *
 * Targets (reported, not asserted): c/b <= 1.5, d/c <= 1.3, f/c <= 0.5, and
 * growth from 1,000 to 5,000 services <= 5.5x for c and d.
 *
 * Large apps allocate fast: with V8's default young generation, scavenges
 * dominate at 5,000 services and synthesis grows faster than linearly (about
 * 3x slower at 5,000 services). `NODE_OPTIONS=--max-semi-space-size=64`
 * keeps it linear; the report header shows the Node options in effect.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Yaml, YamlOutputType } from 'cdk8s';
import { gc, Medians, now, pairedRatio, peakRssMiB, roundRobin, summarize, time, Timing } from './measure';
import { buildApp, Layout, Variant } from './services';
import { Analyzer } from '../src/analysis/analyzer';
import { GitOpsSynth } from '../src/gitops/gitops-synth';
import { ManifestSet } from '../src/manifests/manifest-set';

const TARGETS = { cb: 1.5, dc: 1.3, fc: 0.5, growth: 5.5 };

interface Row {
  readonly n: number;
  readonly objects: number;
  readonly a: Medians;
  readonly b: Medians;
  readonly c: Medians;
  readonly d: Medians;
  readonly dDisk: Medians;
  readonly dValidated: Medians;
  readonly e?: Medians;
  readonly f: Medians;
  readonly rss: number;
  readonly checks: string[];
  /** Medians of the ratios within each round. */
  readonly ratios: { cb: number; dc: number; fc: number; ca: number; ed?: number };
}

function sizes(): number[] {
  const spec = process.argv[2] ?? process.env.BENCH_SIZES ?? '100,1000,5000';
  const list = spec.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`BENCH_SIZES must be positive integers separated by commas, e.g. 100,1000, got "${spec}"`);
  }
  return list;
}

function runsFor(n: number): number {
  const fixed = Number(process.env.BENCH_RUNS);
  if (Number.isInteger(fixed) && fixed > 0) return fixed;
  return n <= 1000 ? 5 : 3;
}

/** Builds an App, then synthesizes it with `synth`. */
function buildAndSynth(n: number, variant: Variant, layout: Layout, synth: (app: App) => unknown, validation = false): Timing {
  let app: App | undefined;
  const build = time(() => { app = buildApp(n, variant, layout, validation); });
  const synthMs = time(() => { synth(app!); });
  return { build, synth: synthMs };
}

/** Pure serialization: no App involved. */
function only(fn: () => void): Timing {
  return { build: 0, synth: time(fn) };
}

function benchSize(n: number, cdk8sMax: number): Row {
  const runs = runsFor(n);
  const checks: string[] = [];
  log(`N=${n}: ${runs} rounds`);

  // the objects, once: the input of the serialization floor and of analysis
  const objects = GitOpsSynth.synthObjects(buildApp(n, Variant.LIBRARY, Layout.ONE_CHART));
  const withCdk8s = n <= cdk8sMax;
  checks.push(...outputChecks(n, withCdk8s));
  gc();

  let findings = 0;
  const cases: { [key: string]: () => Timing } = {
    a: () => only(() => Yaml.stringify(...objects)),
    b: () => buildAndSynth(n, Variant.RAW, Layout.ONE_CHART, (app) => app.synthYaml()),
    c: () => buildAndSynth(n, Variant.LIBRARY, Layout.ONE_CHART, (app) => app.synthYaml()),
    d: () => buildAndSynth(n, Variant.LIBRARY, Layout.CHART_PER_SERVICE, (app) => GitOpsSynth.synthYaml(app)),
    dDisk: () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-gateway-bench-'));
      try {
        return buildAndSynth(n, Variant.LIBRARY, Layout.CHART_PER_SERVICE,
          (app) => GitOpsSynth.synth(app, { outdir, layout: YamlOutputType.FILE_PER_CHART, kustomization: true }));
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    },
    dValidated: () => buildAndSynth(n, Variant.LIBRARY, Layout.CHART_PER_SERVICE, (app) => GitOpsSynth.synthYaml(app), true),
    f: () => only(() => { findings = new Analyzer().analyze(ManifestSet.fromObjects(objects)).findings.length; }),
  };
  if (withCdk8s) {
    cases.e = () => buildAndSynth(n, Variant.LIBRARY, Layout.CHART_PER_SERVICE, (app) => app.synthYaml());
  }
  const t = roundRobin(runs, cases);
  checks.push(`${findings} finding(s)`);
  const m = (key: string) => summarize(t[key]);
  const row: Row = {
    n,
    objects: objects.length,
    a: m('a'),
    b: m('b'),
    c: m('c'),
    d: m('d'),
    dDisk: m('dDisk'),
    dValidated: m('dValidated'),
    e: withCdk8s ? m('e') : undefined,
    f: m('f'),
    rss: peakRssMiB(),
    checks,
    ratios: {
      cb: pairedRatio(t.c, t.b),
      dc: pairedRatio(t.d, t.c),
      fc: pairedRatio(t.f, t.c),
      ca: pairedRatio(t.c, t.a),
      ed: withCdk8s ? pairedRatio(t.e, t.d) : undefined,
    },
  };
  for (const key of Object.keys(cases)) log(`  ${key.padEnd(10)} ${fmt(m(key).total)}`);
  return row;
}

/**
 * Checks that the variants synthesize the same output. In its own function
 * so the large strings are garbage before the timed rounds start.
 */
function outputChecks(n: number, withCdk8s: boolean): string[] {
  const checks: string[] = [];
  const referenceYaml = buildApp(n, Variant.LIBRARY, Layout.ONE_CHART).synthYaml();
  const rawYaml = buildApp(n, Variant.RAW, Layout.ONE_CHART).synthYaml();
  checks.push(rawYaml === referenceYaml ? 'raw = library (bytes)' : 'raw and library YAML DIFFER');
  const linearYaml = GitOpsSynth.synthYaml(buildApp(n, Variant.LIBRARY, Layout.CHART_PER_SERVICE));
  checks.push(sameDocuments(linearYaml, referenceYaml) ? 'chart-per-service = one chart (documents)' : 'chart-per-service documents DIFFER');
  if (withCdk8s) {
    const cdk8sYaml = buildApp(n, Variant.LIBRARY, Layout.CHART_PER_SERVICE).synthYaml();
    checks.push(cdk8sYaml === linearYaml ? 'linear = cdk8s (bytes)' : 'linear and cdk8s YAML DIFFER');
  }
  return checks;
}

/** Whether two multi-document YAML strings hold the same documents, in any order. */
function sameDocuments(x: string, y: string): boolean {
  const docs = (s: string) => s.split(/^---\n/m).sort();
  const dx = docs(x);
  const dy = docs(y);
  return dx.length === dy.length && dx.every((d, i) => d === dy[i]);
}

function fmt(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function ratio(x: number | undefined, y: number | undefined, target?: number): string {
  if (x === undefined || y === undefined || y === 0) return '–';
  return mark(x / y, target);
}

function mark(r: number | undefined, target?: number): string {
  if (r === undefined) return '–';
  const verdict = target === undefined ? '' : r <= target ? ' ✓' : ' ✗';
  return `${r.toFixed(2)}${verdict}`;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function report(rows: Row[]): string {
  const lines: string[] = [];
  lines.push(`Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} CPUs; medians of wall time, cases run round-robin `
    + `(rounds per size: ${rows.map((r) => `${r.n}: ${r.a.runs}`).join(', ')}); ratios are medians of the ratios within each round; `
    + `NODE_OPTIONS=${process.env.NODE_OPTIONS ?? '(none)'}`);
  lines.push('');
  lines.push('| services | objects | a: YAML only | b: raw, 1 chart | c: library, 1 chart | d: library, chart/service, GitOpsSynth | d to disk | d + analysis | e: library, chart/service, cdk8s | f: analysis | peak RSS |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    lines.push(`| ${r.n.toLocaleString('en-US')} | ${r.objects.toLocaleString('en-US')} | ${fmt(r.a.total)} | ${fmt(r.b.total)} | ${fmt(r.c.total)} | ${fmt(r.d.total)} | ${fmt(r.dDisk.total)} | ${fmt(r.dValidated.total)} | ${fmt(r.e?.total)} | ${fmt(r.f.total)} | ${r.rss.toFixed(0)} MiB |`);
  }
  lines.push('');
  lines.push(`| services | c/b (≤ ${TARGETS.cb}) | d/c (≤ ${TARGETS.dc}) | e/d | f/c (≤ ${TARGETS.fc}) | c/a | build/synth c | build/synth d |`);
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    lines.push(`| ${r.n.toLocaleString('en-US')} | ${mark(r.ratios.cb, TARGETS.cb)} | ${mark(r.ratios.dc, TARGETS.dc)} | ${mark(r.ratios.ed)} | ${mark(r.ratios.fc, TARGETS.fc)} | ${mark(r.ratios.ca)} | ${fmt(r.c.build)} / ${fmt(r.c.synth)} | ${fmt(r.d.build)} / ${fmt(r.d.synth)} |`);
  }
  const from = rows.find((r) => r.n === 1000);
  const to = rows.find((r) => r.n === 5000);
  if (from && to) {
    lines.push('');
    lines.push(`Growth 1,000 → 5,000 services (5× the services; target ≤ ${TARGETS.growth}×): `
      + `c ${ratio(to.c.total, from.c.total, TARGETS.growth)}×, d ${ratio(to.d.total, from.d.total, TARGETS.growth)}×, `
      + `b ${ratio(to.b.total, from.b.total)}×, a ${ratio(to.a.total, from.a.total)}×`);
  }
  lines.push('');
  for (const r of rows) lines.push(`Checks at ${r.n}: ${r.checks.join('; ')}`);
  return lines.join('\n');
}

function main(): void {
  const cdk8sMax = Number(process.env.BENCH_CDK8S_MAX ?? 1000);
  const start = now();
  // warm up the JIT on a small app, not reported
  benchSizeQuiet(20, cdk8sMax);
  const rows = sizes().map((n) => benchSize(n, cdk8sMax));
  process.stdout.write(`${report(rows)}\n`);
  log(`total ${fmt(now() - start)}`);
}

function benchSizeQuiet(n: number, cdk8sMax: number): void {
  const saved = process.env.BENCH_RUNS;
  process.env.BENCH_RUNS = '1';
  const write = process.stderr.write;
  process.stderr.write = (() => true) as any;
  try {
    benchSize(n, cdk8sMax);
  } finally {
    process.stderr.write = write;
    if (saved === undefined) delete process.env.BENCH_RUNS;
    else process.env.BENCH_RUNS = saved;
  }
}

main();
