/**
 * `cdk8s-istio-gateway validate` on large inputs: N small objects (default
 * 250,000) in one multi-document file, the same objects spread over a
 * directory of files, and N objects in one file that each get a finding (a
 * Service port without appProtocol: warning IGW1016), so the report is as
 * large as the input. Each run is a child process, so the peak RSS reported
 * is the validator's own (the generator's memory is not counted).
 *
 *   npx ts-node --transpile-only bench/cli-validate.bench.ts [objects] [filesInDir]
 *
 * Environment: BENCH_OBJECTS (default 250000), BENCH_FILES (default 1000),
 * BENCH_SCHEMA=off to pass `--no-schema`.
 *
 * Target (reported, not asserted): peak RSS under 1 GiB for 250,000 objects.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CHILD_FLAG = '--child';

/** One small object: a Service, about 60 bytes of YAML as in the issue's 15 MB file. */
function objectYaml(i: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: n${i % 100}}\n`;
}

/** A Service whose port has no appProtocol: one warning (IGW1016) each. */
function objectWithFindingYaml(i: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: n${i % 100}}\nspec: {ports: [{name: web, port: 80}]}\n`;
}

/** Writes `n` objects as documents of one file; returns its size in bytes. */
function writeOneFile(file: string, n: number, yamlOf: (i: number) => string): number {
  const fd = fs.openSync(file, 'w');
  let size = 0;
  let chunk: string[] = [];
  const flush = () => {
    const text = chunk.join('');
    fs.writeSync(fd, text);
    size += Buffer.byteLength(text);
    chunk = [];
  };
  for (let i = 0; i < n; i++) {
    chunk.push(i === 0 ? yamlOf(i) : `---\n${yamlOf(i)}`);
    if (chunk.length === 10_000) flush();
  }
  flush();
  fs.closeSync(fd);
  return size;
}

/** Writes `n` objects spread over `files` files in `dir` (with sub-directories of 100 files). */
function writeDirectory(dir: string, n: number, files: number): void {
  const per = Math.ceil(n / files);
  for (let f = 0; f * per < n; f++) {
    const sub = path.join(dir, `d${Math.floor(f / 100)}`);
    fs.mkdirSync(sub, { recursive: true });
    const docs: string[] = [];
    for (let i = f * per; i < Math.min(n, (f + 1) * per); i++) docs.push(objectYaml(i));
    fs.writeFileSync(path.join(sub, `f${f}.yaml`), docs.join('---\n'));
  }
}

interface Measurement {
  readonly code: number;
  readonly ms: number;
  readonly peakRssMiB: number;
  readonly summary: string;
  readonly stderr: string;
}

/** Runs `validate` on `paths` in a child process and reads back its exit code, time and peak RSS. */
function measure(paths: string[], extra: string[]): Measurement {
  const result = spawnSync(process.execPath, [...process.execArgv, '-r', 'ts-node/register/transpile-only', __filename, CHILD_FLAG, ...extra, ...paths], {
    cwd: path.resolve(__dirname, '..'),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  const stats = /BENCH (\{.*\})/.exec(result.stderr ?? '');
  if (!stats) {
    throw new Error(`the child failed (status ${result.status}, signal ${result.signal}): ${(result.stderr ?? '').slice(-2000)}`);
  }
  const parsed = JSON.parse(stats[1]);
  const stdoutLines = (result.stdout ?? '').trimEnd().split('\n');
  return {
    code: parsed.code,
    ms: parsed.ms,
    peakRssMiB: parsed.peakRssMiB,
    summary: stdoutLines[stdoutLines.length - 1],
    stderr: (result.stderr ?? '').replace(/BENCH \{.*\}\n?/, '').trim(),
  };
}

/** The child: runs the CLI in process and prints its exit code, time and peak RSS on stderr. */
async function child(argv: string[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../src/cli/main');
  const t0 = process.hrtime.bigint();
  const code: number = await main(['validate', ...argv]);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stderr.write(`BENCH ${JSON.stringify({ code, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function report(label: string, m: Measurement): void {
  // eslint-disable-next-line no-console
  console.log(`${label.padEnd(40)} exit ${m.code}  ${(m.ms / 1000).toFixed(1).padStart(6)} s  peak RSS ${m.peakRssMiB.toFixed(0).padStart(5)} MiB  | ${m.summary}${m.stderr ? `  | stderr: ${m.stderr.split('\n')[0]}` : ''}`);
}

async function run(): Promise<void> {
  const n = Number(process.argv[2] ?? process.env.BENCH_OBJECTS ?? 250_000);
  const files = Number(process.argv[3] ?? process.env.BENCH_FILES ?? 1000);
  const extra = process.env.BENCH_SCHEMA === 'off' ? ['--no-schema'] : [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-validate-bench-'));
  try {
    const file = path.join(tmp, 'all.yaml');
    const size = writeOneFile(file, n, objectYaml);
    const dir = path.join(tmp, 'dir');
    writeDirectory(dir, n, files);
    // eslint-disable-next-line no-console
    console.log(`validate on ${n.toLocaleString('en')} objects (Node ${process.version}, ${os.cpus().length} cpus${extra.length ? ', --no-schema' : ''})`);
    report(`one file (${(size / 1024 / 1024).toFixed(1)} MiB)`, measure([file], extra));
    report(`a directory of ${files} files`, measure([dir], extra));
    fs.rmSync(dir, { recursive: true, force: true });
    const withFindings = path.join(tmp, 'findings.yaml');
    const findingsSize = writeOneFile(withFindings, n, objectWithFindingYaml);
    fs.rmSync(file);
    report(`one file, a finding each (${(findingsSize / 1024 / 1024).toFixed(1)} MiB)`, measure([withFindings], extra));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === CHILD_FLAG) {
  void child(process.argv.slice(3));
} else {
  void run();
}
