import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './run-cli';
import { Analyzer } from '../../src/analysis/analyzer';
import { onStdoutError } from '../../src/cli/main';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';

/** Exactly one line, starting with `error: `, and no stack trace. */
function expectOneErrorLine(stderr: string): void {
  expect(stderr).toMatch(/^error: [^\n]*\n$/);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: { name: api, namespace: shop }\nspec: { ports: [{ name: http, port: 80, appProtocol: http }] }\n';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'robust-')); });
afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

const write = (rel: string, text: string | Buffer): string => {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

describe('large inputs', () => {
  // More documents in one file than a spread `push(...docs)` can pass as
  // arguments (about 126,000 on Node's default stack): this overflowed with
  // "Maximum call stack size exceeded" before loading used loops only.
  test('a file of 130,000 documents loads without exhausting the stack', async () => {
    const n = 130_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`);
    const file = write('big.yaml', parts.join('---\n'));
    const r = await cli('validate', '--no-schema', file);
    expect(r).toEqual({ code: 0, stdout: '130000 objects, 0 errors, 0 warnings\n', stderr: '' });
  }, 180_000);
});

describe('large reports', () => {
  test('text output written a slice of findings at a time is the report\'s text', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 2500; i++) parts.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: shop}\nspec: {ports: [{name: web, port: 80}]}\n`);
    const file = write('services.yaml', parts.join('---\n'));
    const r = await cli('validate', '--no-schema', file);
    const report = new Analyzer({ schemaValidation: false }).analyze(ManifestSet.fromPaths([file]));
    expect(report.warnings.length).toBe(2500);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(report.toText());
    expect(r.stdout).toMatch(/\n2500 objects, 0 errors, 2500 warnings\n$/);
  }, 60_000);
});

describe('files that are not Kubernetes YAML', () => {
  const workflow = 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: npm test }]\n';
  const values = 'replicaCount: 2\nimage: { repository: nginx, tag: stable }\n';

  test('in a directory they are skipped with one warning line each', async () => {
    write('app/service.yaml', SERVICE);
    const ci = write('.github/workflows/ci.yml', workflow);
    const helm = write('chart/values.yaml', values);
    write('empty.yaml', '# nothing here\n');
    const r = await cli('validate', tmp);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1 object, 0 errors, 0 warnings\n');
    expect(r.stderr).toBe(
      `warning: skipping ${ci}: no document in it is a Kubernetes object (apiVersion and kind missing)\n`
      + `warning: skipping ${helm}: no document in it is a Kubernetes object (apiVersion and kind missing)\n`);
  });

  test('simulate skips them too', async () => {
    write('gw.yaml', [
      'apiVersion: gateway.networking.k8s.io/v1', 'kind: Gateway', 'metadata: { name: edge, namespace: infra }',
      'spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }', '',
    ].join('\n'));
    const helm = write('values.yaml', values);
    const r = await cli('simulate', tmp, '--host', 'x.example.com');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).gateway).toBe('infra/edge');
    expect(r.stderr).toBe(`warning: skipping ${helm}: no document in it is a Kubernetes object (apiVersion and kind missing)\n`);
  });

  test('fails when such a file is named on the command line: one line, exit 2', async () => {
    const ci = write('ci.yml', workflow);
    const r = await cli('validate', ci);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: ${ci}:1: not a Kubernetes object (apiVersion and kind are required)\n` });
  });

  test('fails when a file in a directory mixes Kubernetes objects with other documents', async () => {
    const mixed = write('mixed.yaml', `${SERVICE}---\nreplicaCount: 2\n`);
    const r = await cli('validate', tmp);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: ${mixed}:6: not a Kubernetes object (apiVersion and kind are required)\n` });
  });

  test('fails when a file in a directory is invalid YAML (not skipped)', async () => {
    write('a.yaml', SERVICE);
    const bad = write('b.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   namespace: y\n');
    const r = await cli('validate', tmp);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneErrorLine(r.stderr);
    expect(r.stderr).toMatch(new RegExp(`^error: ${escapeRegExp(bad)}:4: invalid YAML: `));
  });
});

describe('inputs that are not regular files or too large', () => {
  const haveMkfifo = (() => {
    try {
      execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  const fifoTest = haveMkfifo ? test : test.skip;

  fifoTest('fails at once on a FIFO named on the command line (no hang)', async () => {
    const fifo = path.join(tmp, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await cli('validate', fifo);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: cannot read ${fifo}: it is a FIFO (named pipe), not a regular file; pass YAML files or directories\n` });
  });

  fifoTest('skips a FIFO found in a directory with a warning, at once (no hang)', async () => {
    write('a.yaml', SERVICE);
    const fifo = path.join(tmp, 'z.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await cli('validate', tmp);
    expect(r.stderr).toBe(`warning: skipping ${fifo}: it is a FIFO (named pipe), not a regular file\n`);
    expect(r.code).toBe(0);
  });

  const devZero = fs.existsSync('/dev/zero') ? test : test.skip;
  devZero('fails at once on /dev/zero', async () => {
    const r = await cli('validate', '/dev/zero');
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: cannot read /dev/zero: it is a character device, not a regular file; pass YAML files or directories\n' });
  });

  test('fails at once on a file larger than 64 MiB (checked before reading)', async () => {
    const big = path.join(tmp, 'huge.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 64 * 1024 * 1024 + 1); // sparse: nothing is written
    const r = await cli('validate', big);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: cannot read ${big}: it has 67108865 bytes, more than the limit of 67108864 bytes per file; split it or raise the limit\n`,
    });
  });

  test('--max-file-size sets the limit in MiB', async () => {
    const file = write('svc.yaml', SERVICE + '#'.repeat(2000) + '\n');
    const r = await cli('validate', '--max-file-size', '0.001', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot read ${file}: it has ${fs.statSync(file).size} bytes, more than the limit of 1048 bytes per file; split it or raise the limit\n`);
    expect((await cli('validate', '--max-file-size', '1', file)).code).toBe(0);
  });

  const procMaps = fs.existsSync('/proc/self/maps') ? test : test.skip;
  procMaps('a file that reports size 0 but holds more than the limit (like /proc files) is refused while reading', async () => {
    const r = await cli('validate', '--max-file-size', '0.0001', '/proc/self/maps');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: cannot read /proc/self/maps: it has more than the limit of 104 bytes per file; split it or raise the limit\n',
    });
  });

  test.each([['validate'], ['simulate']])('%s --help documents the limit, the skipping and the exit codes', async (command) => {
    const r = await cli(command, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--max-file-size <MiB>');
    expect(r.stdout).toContain('refused, and so are files larger than --max-file-size (default 64 MiB)');
    expect(r.stdout).toContain('(a CI workflow, a Helm values file) is\n  skipped with a warning');
    expect(r.stdout).toContain('2  usage error, unreadable, invalid or refused input, or an unexpected failure');
  });

  test.each([['0'], ['-1'], ['ten'], ['']])('fails when --max-file-size is %j', async (value) => {
    const r = await cli('validate', '--max-file-size', value, tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`max file size must be a positive number of MiB, got ${value}`);
  });

  test('a symbolic link loop in a directory is entered once (no hang)', async () => {
    write('a.yaml', SERVICE);
    fs.symlinkSync(tmp, path.join(tmp, 'loop'));
    const r = await cli('validate', tmp);
    expect(r).toEqual({ code: 0, stdout: '1 object, 0 errors, 0 warnings\n', stderr: '' });
  });

  test('fails when a .yaml symbolic link in a directory is dangling: one line', async () => {
    write('a.yaml', SERVICE);
    const dangling = path.join(tmp, 'b.yaml');
    fs.symlinkSync(path.join(tmp, 'nowhere'), dangling);
    const r = await cli('validate', tmp);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: cannot read ${dangling}: no such file or directory\n` });
  });
});

describe('text output escapes control characters from the input', () => {
  // \e[31m (ANSI red), a newline that would forge a line, C1 CSI (U+009B), a bidi override (U+202E)
  const EVIL = String.raw`"ev\e[31mil\nfake line\x9b2J\u202Eend"`;
  const evilService = [
    'apiVersion: v1', 'kind: Service', `metadata: { name: ${EVIL}, namespace: shop }`, 'spec: { ports: [{ name: web, port: 80 }] }', '',
  ].join('\n');
  const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;

  test('in findings (object names, messages) and file names', async () => {
    const file = write('ev\u001b[2Jil\nname.yaml', evilService);
    const r = await cli('validate', file);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('Service shop/ev\\x1b[31mil\\nfake line\\x9b2J\\u202eend');
    expect(r.stdout).toContain(`  at: ${tmp}/ev\\x1b[2Jil\\nname.yaml:1\n`);
    // every line of the output is a finding line, an indented fix/at line, or the summary
    for (const line of r.stdout.trimEnd().split('\n')) expect(line).toMatch(/^(error |warning |  fix: |  at: |\d+ objects?, )/);
  });

  test('--format json escapes DEL, C1 and bidi characters as \\u escapes and keeps the values', async () => {
    const file = write('svc.yaml', evilService);
    const r = await cli('validate', '--format', 'json', file);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('\\u009b2J\\u202eend');
    expect(JSON.parse(r.stdout).findings.map((f: any) => f.object)).toContain('Service shop/ev\u001b[31mil\nfake line\u009b2J\u202eend');
  });

  test('in error lines', async () => {
    const file = write('bad\u001b]0;title\u0007.yaml', 'a: [\n');
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('bad\\x1b]0;title\\x07.yaml:1: invalid YAML: ');
  });

  test('in warnings about skipped files', async () => {
    write('a.yaml', SERVICE);
    write('val\u001bues.yaml', 'replicaCount: 2\n');
    const r = await cli('validate', tmp);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: skipping ${tmp}/val\\x1bues.yaml: no document in it is a Kubernetes object (apiVersion and kind missing)\n`);
  });

  test('in usage errors printed by the option parser', async () => {
    const r = await cli('validate', '--format', 'x\u001b[31m', tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'x\\x1b[31m' is invalid");
    expect(r.stderr).not.toMatch(RAW);
  });

  test('simulate JSON output escapes C1 characters', async () => {
    write('gw.yaml', [
      'apiVersion: gateway.networking.k8s.io/v1', 'kind: Gateway', 'metadata: { name: edge, namespace: infra }',
      'spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }', '',
    ].join('\n'));
    const r = await cli('simulate', tmp, '--host', 'x', '--header', 'x-note: a\u009bb');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(JSON.parse(r.stdout).requestHeaders['x-note']).toBe('a\u009bb');
  });
});

describe('YAML parse errors', () => {
  test.each([
    ['an unclosed flow sequence', 'apiVersion: v1\nkind: Service\nmetadata: { name: [unclosed\n', 3],
    ['a tab used for indentation', 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: x\n', 4],
    ['a duplicate key in the second document', `${SERVICE}---\napiVersion: v1\nkind: A\nkind: B\n`, 8],
    ['an alias bomb', 'apiVersion: v1\nkind: ConfigMap\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n', 1],
  ])('fails on %s with one line file:line', async (_title, text, line) => {
    const file = write('bad.yaml', text as string);
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectOneErrorLine(r.stderr);
    expect(r.stderr).toMatch(new RegExp(`^error: ${escapeRegExp(file)}:${line}: invalid YAML: \\S`));
  });

  test.each([['unclosed', ''], ['closed', ']'.repeat(100_000)]])('fails on %s nesting deep enough to exhaust the parser\'s stack: one line', async (_title, close) => {
    const file = write('deep.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: ${'['.repeat(100_000)}${close}}\n`);
    const r = await cli('validate', file);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `error: ${file}:4: invalid YAML: nested too deeply to parse\n` });
  }, 60_000);
});

describe('unexpected failures are one line and exit 2, never a stack trace', () => {
  const gateway = [
    'apiVersion: gateway.networking.k8s.io/v1', 'kind: Gateway', 'metadata: { name: edge, namespace: infra }',
    'spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }', '',
  ].join('\n');

  test('fails when simulate hits an internal TypeError while answering', async () => {
    write('gw.yaml', gateway);
    const spy = jest.spyOn(TrafficSimulator.prototype, 'request').mockImplementation(() => {
      throw new TypeError('(spec.hostnames ?? []).map is not a function');
    });
    try {
      const r = await cli('simulate', tmp, '--host', 'x');
      expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: (spec.hostnames ?? []).map is not a function\n' });
    } finally {
      spy.mockRestore();
    }
  });

  test('fails when simulate hits an internal error while reading the model (multi-line message, non-Error value)', async () => {
    write('gw.yaml', gateway);
    const spy = jest.spyOn(TrafficSimulator, 'fromManifests').mockImplementationOnce(() => {
      throw new Error('first\nsecond\u001b[0m');
    });
    try {
      const r = await cli('simulate', tmp, '--host', 'x');
      expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: first\\nsecond\\x1b[0m\n' });
      spy.mockImplementationOnce(() => {
        throw 'a string'; // eslint-disable-line no-throw-literal
      });
      expect(await cli('simulate', tmp, '--host', 'x')).toEqual({ code: 2, stdout: '', stderr: 'error: a string\n' });
    } finally {
      spy.mockRestore();
    }
  });

  test('fails when validate hits an internal error in the analyzer', async () => {
    write('svc.yaml', SERVICE);
    const spy = jest.spyOn(Analyzer.prototype, 'analyze').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      const r = await cli('validate', tmp);
      expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: Maximum call stack size exceeded\n' });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('stdout that goes away', () => {
  test('main listens for stdout errors once, however often it runs', async () => {
    await cli('--version');
    await cli('--version');
    expect(process.stdout.listeners('error').filter((l) => l === onStdoutError)).toHaveLength(1);
  });

  test('EPIPE (the reader of a pipe exited, e.g. `| head`) exits quietly', () => {
    const exit = jest.fn();
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      onStdoutError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), exit);
      expect(exit).toHaveBeenCalledWith(0);
      expect(err).not.toHaveBeenCalled();
    } finally {
      err.mockRestore();
    }
  });

  test('fails with one line and exit 2 on another write error', () => {
    const exit = jest.fn();
    let stderr = '';
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { stderr += String(s); return true; });
    try {
      onStdoutError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), exit);
      expect(exit).toHaveBeenCalledWith(2);
      expect(stderr).toBe('error: cannot write the output: ENOSPC: no space left on device, write\n');
    } finally {
      err.mockRestore();
    }
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
