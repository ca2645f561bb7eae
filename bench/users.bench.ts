/**
 * What users get: each case and size runs in its own child process, with
 * default Node flags (no NODE_OPTIONS), and reports the CPU time and wall
 * time of its work phase and the child's peak RSS. Rounds interleave the
 * cases, so every ratio is the median of ratios measured side by side.
 *
 *   a   YAML serialization alone of the synthesized objects (the floor)
 *   b   raw L1 objects in one Chart (`app.synthYaml()`)
 *   c   the library in one Chart with synth-time validation on (the default)
 *   c0  the same with synth-time validation off
 *   cg  the same App as c (validation on) through `GitOpsApp.synthYaml()`
 *       (`GitOpsSynth.synthYaml()`): the library's own synthesis for one chart
 *   d   the library, one Chart per service, `GitOpsSynth.synth()` to disk
 *       (FILE_PER_CHART and kustomization.yaml), validation on
 *   f   the validation a user gets (schema, CEL and cross-object checks,
 *       `new Analyzer().analyze()`) over the objects of c
 *   sim `TrafficSimulator.request()` over the objects of c, after indexing:
 *       10,000 requests to random services (the work phase), reported as
 *       microseconds per request
 *   simi the same through Istio's own API (bench/istio-services.ts: a
 *       Gateway, and per service a VirtualService and a DestinationRule)
 * Cold start (printed after the table): `require()` of the compiled library
 *   (`lib/`, built by `npx projen compile`), of `cdk8s-plus-28` and `cdk8s`, each in a
 *   fresh process without ts-node (BENCH_COLD=off skips it)
 *
 * Usage: `npm run bench:users`, or
 *   BENCH_SIZES=1000,5000,10000 BENCH_RUNS=3 npx ts-node --transpile-only bench/users.bench.ts
 * Environment: BENCH_SIZES (default 1000,5000,10000), BENCH_RUNS (default 3),
 * BENCH_CASES (default a,b,c,c0,cg,d,f,sim,simi), BENCH_SIM_REQUESTS (default 10000).
 *
 * Targets at 5,000 services (reported, never asserted): c/b <= 1.3, f/c <= 0.25,
 * d/c <= 1.1, growth to 10,000 linear (<= 2.2x from 5,000), peak RSS of d <= 1 GiB.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml, YamlOutputType } from 'cdk8s';
import { istioServices } from './istio-services';
import { median } from './measure';
import { buildApp, Layout, serviceName, Variant } from './services';
import { Analyzer } from '../src/analysis/analyzer';
import { GitOpsSynth } from '../src/gitops/gitops-synth';
import { ManifestSet } from '../src/manifests/manifest-set';
import { TrafficSimulator } from '../src/simulation/traffic-simulator';

const CHILD = '--child';
const ALL_CASES = ['a', 'b', 'c', 'c0', 'cg', 'd', 'f', 'sim', 'simi'];
const SIM_REQUESTS = Number(process.env.BENCH_SIM_REQUESTS ?? 10_000);
const TARGETS: Array<[string, string, string, number]> = [
  ['c/b', 'c', 'b', 1.3], ['f/c', 'f', 'c', 0.25], ['d/c', 'd', 'c', 1.1], ['c0/b', 'c0', 'b', Infinity], ['cg/b', 'cg', 'b', Infinity],
];

/** One measurement, as a child prints it. */
interface Sample {
  readonly kase: string;
  readonly n: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly rssMiB: number;
}

/** The work of one case; returns when it is done. Setup outside `work` is not measured. */
function prepare(kase: string, n: number): () => void {
  switch (kase) {
    case 'a': {
      const objects = GitOpsSynth.synthObjects(buildApp(n, Variant.LIBRARY, Layout.ONE_CHART));
      return () => { Yaml.stringify(...objects); };
    }
    case 'b': return () => { buildApp(n, Variant.RAW, Layout.ONE_CHART).synthYaml(); };
    case 'c': return () => { buildApp(n, Variant.LIBRARY, Layout.ONE_CHART, true).synthYaml(); };
    case 'c0': return () => { buildApp(n, Variant.LIBRARY, Layout.ONE_CHART, false).synthYaml(); };
    case 'cg': return () => { GitOpsSynth.synthYaml(buildApp(n, Variant.LIBRARY, Layout.ONE_CHART, true)); };
    case 'd': return () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-gateway-users-'));
      try {
        GitOpsSynth.synth(buildApp(n, Variant.LIBRARY, Layout.CHART_PER_SERVICE, true),
          { outdir, layout: YamlOutputType.FILE_PER_CHART, kustomization: true });
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    };
    case 'f': {
      const objects = GitOpsSynth.synthObjects(buildApp(n, Variant.LIBRARY, Layout.ONE_CHART));
      return () => { new Analyzer().analyze(ManifestSet.fromObjects(objects)); };
    }
    case 'sim':
    case 'simi': {
      const objects = kase === 'sim' ? GitOpsSynth.synthObjects(buildApp(n, Variant.LIBRARY, Layout.ONE_CHART)) : istioServices(n);
      const scheme = kase === 'sim' ? 'https' : 'http';
      const sim = TrafficSimulator.fromManifests(ManifestSet.fromObjects(objects));
      sim.request({ scheme, host: `${serviceName(0)}.example.com`, path: '/' }); // indexes the manifests
      return () => {
        let seed = 1;
        for (let i = 0; i < SIM_REQUESTS; i++) {
          seed = (seed * 48271) % 2147483647;
          const decision = sim.request({ scheme, host: `${serviceName(seed % n)}.example.com`, path: '/', headers: i % 2 ? { 'x-version': 'v2' } : {} });
          if (decision.status !== 200) throw new Error(`request ${i}: status ${decision.status}`);
        }
      };
    }
    default: throw new Error(`unknown case ${kase}; cases: ${ALL_CASES.join(', ')}`);
  }
}

/** In the child: run one case once and print its sample. */
function child(kase: string, n: number): void {
  const work = prepare(kase, n);
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  work();
  const used = process.cpuUsage(cpu);
  const sample: Sample = {
    kase,
    n,
    cpuMs: (used.user + used.system) / 1000,
    wallMs: Number(process.hrtime.bigint() - wall) / 1e6,
    rssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function spawnCase(kase: string, n: number): Sample {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, CHILD, kase, String(n)],
    { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) {
    throw new Error(`case ${kase} at ${n} services failed (exit ${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  }
  return JSON.parse(line);
}

/** Cold start: `require()` of a module in a fresh node process (no ts-node), CPU and wall milliseconds. */
function spawnLoad(target: string): { cpuMs: number; wallMs: number } {
  const script = 'const c = process.cpuUsage(); const t = process.hrtime.bigint(); require(process.argv[1]); '
    + 'const u = process.cpuUsage(c); console.log(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, wallMs: Number(process.hrtime.bigint() - t) / 1e6 }));';
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ['-e', script, target], { env, encoding: 'utf8', cwd: path.join(__dirname, '..') });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`require(${target}) failed: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' | ')}`);
  return JSON.parse(line);
}

/** The cold-start lines: the compiled library (when `lib/` is built) against cdk8s-plus-28, medians of `runs` fresh processes. */
function coldStart(runs: number): string[] {
  const lib = path.join(__dirname, '..', 'lib', 'src', 'index.js'); // package.json main
  const targets: Array<[string, string]> = [['cdk8s-plus-28', require.resolve('cdk8s-plus-28')], ['cdk8s', require.resolve('cdk8s')]];
  if (fs.existsSync(lib)) targets.unshift(['cdk8s-istio-gateway (lib/)', lib]);
  const out = ['', `cold start (require in a fresh process, median of ${runs}):${fs.existsSync(lib) ? '' : ' lib/ is not built (npx projen compile), the library is left out'}`];
  for (const [name, target] of targets) {
    const samples = Array.from({ length: runs }, () => spawnLoad(target));
    out.push(`- ${name}: ${median(samples.map((x) => x.wallMs)).toFixed(0)} ms wall, ${median(samples.map((x) => x.cpuMs)).toFixed(0)} ms CPU`);
  }
  return out;
}

function listFrom(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback).split(',').map((s) => s.trim().replace(/_/g, '')).filter((s) => s);
}

function parent(): void {
  const sizes = listFrom('BENCH_SIZES', '1000,5000,10000').map(Number);
  const cases = listFrom('BENCH_CASES', ALL_CASES.join(','));
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
    throw new Error('BENCH_SIZES must be positive integers separated by commas and BENCH_RUNS a positive integer');
  }
  const samples: Sample[][] = [];
  for (let round = 0; round < runs; round++) {
    const thisRound: Sample[] = [];
    for (const n of sizes) {
      for (const kase of cases) {
        const s = spawnCase(kase, n);
        process.stderr.write(`round ${round + 1}/${runs} N=${n} ${kase}: cpu ${(s.cpuMs / 1000).toFixed(2)} s, peak RSS ${s.rssMiB.toFixed(0)} MiB\n`);
        thisRound.push(s);
      }
    }
    samples.push(thisRound);
  }
  report(sizes, cases, samples);
  if (process.env.BENCH_COLD !== 'off') process.stdout.write(`${coldStart(Math.max(runs, 3)).join('\n')}\n`);
}

function report(sizes: number[], cases: string[], rounds: Sample[][]): void {
  const of = (r: Sample[], kase: string, n: number) => r.find((s) => s.kase === kase && s.n === n);
  const med = (kase: string, n: number, f: (s: Sample) => number) =>
    median(rounds.map((r) => of(r, kase, n)).filter((s): s is Sample => !!s).map(f));
  const out: string[] = [];
  out.push(`# users.bench: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, default flags, `
    + `one child process per case and size, ${rounds.length} interleaved rounds; CPU seconds of the work phase (median)`);
  out.push('');
  out.push(`| services | ${cases.map((c) => `${c} CPU s`).join(' | ')} | ${cases.map((c) => `${c} peak RSS MiB`).join(' | ')} |`);
  out.push(`|---:|${cases.map(() => '---:').join('|')}|${cases.map(() => '---:').join('|')}|`);
  for (const n of sizes) {
    out.push(`| ${n} | ${cases.map((c) => (med(c, n, (s) => s.cpuMs) / 1000).toFixed(2)).join(' | ')} | `
      + `${cases.map((c) => med(c, n, (s) => s.rssMiB).toFixed(0)).join(' | ')} |`);
  }
  out.push('');
  const ratios = TARGETS.filter(([, x, y]) => cases.includes(x) && cases.includes(y));
  out.push(`| services | ${ratios.map(([name, , , t]) => `${name}${t === Infinity ? '' : ` (<= ${t})`}`).join(' | ')} |`);
  out.push(`|---:|${ratios.map(() => '---:').join('|')}|`);
  for (const n of sizes) {
    const cells = ratios.map(([, x, y]) => median(rounds.map((r) => {
      const a = of(r, x, n);
      const b = of(r, y, n);
      return a && b ? a.cpuMs / b.cpuMs : NaN;
    }).filter((v) => !isNaN(v))).toFixed(2));
    out.push(`| ${n} | ${cells.join(' | ')} |`);
  }
  for (const [kase, api] of [['sim', 'Gateway API'], ['simi', 'Istio API']]) {
    if (!cases.includes(kase)) continue;
    out.push('');
    out.push(`simulate latency, ${api} (${SIM_REQUESTS} requests after indexing): ${sizes.map((n) =>
      `${n} services ${(med(kase, n, (x) => x.cpuMs) * 1000 / SIM_REQUESTS).toFixed(0)} us/request`).join(', ')}`);
  }
  if (sizes.length > 1) {
    out.push('');
    out.push(`growth of CPU time: ${cases.map((c) => `${c} ${sizes.slice(1).map((n, i) =>
      `${sizes[i]}->${n} ${(med(c, n, (s) => s.cpuMs) / med(c, sizes[i], (s) => s.cpuMs)).toFixed(2)}x`).join(', ')}`).join('; ')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

if (process.argv[2] === CHILD) {
  child(process.argv[3], Number(process.argv[4]));
} else {
  parent();
}
