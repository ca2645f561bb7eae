import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { onFirstUse } from '../../src/internal/on-first-use';

describe('onFirstUse', () => {
  test('makes the value on the first call only, also when it is undefined', () => {
    let made = 0;
    const value = onFirstUse(() => ({ n: ++made }));
    expect(made).toBe(0);
    expect(value()).toBe(value());
    expect(made).toBe(1);

    let undefinedMade = 0;
    const nothing = onFirstUse(() => { undefinedMade++; return undefined; });
    expect(nothing()).toBeUndefined();
    expect(nothing()).toBeUndefined();
    expect(undefinedMade).toBe(1);
  });

  test('a failed make is tried again on the next call', () => {
    let calls = 0;
    const value = onFirstUse(() => {
      if (++calls === 1) throw new Error('not yet');
      return 'ok';
    });
    expect(() => value()).toThrow('not yet');
    expect(value()).toBe('ok');
  });
});

const LIB = path.join(__dirname, '..', '..', 'lib', 'src', 'index.js');
const compiled = fs.existsSync(LIB);
if (!compiled) console.warn('skipping the cold-start module test: lib/ is absent; run `npx projen compile` first (CI does)');

/** The package directories of the libraries that load on first use (cdk8s keeps its own copy of yaml, loaded anyway). */
const MODULES = path.join(__dirname, '..', '..', 'node_modules');
const LAZY_PACKAGES: { [label: string]: string } = {
  yaml: path.join(MODULES, 'yaml') + path.sep,
  re2js: path.join(MODULES, 're2js') + path.sep,
  cel: path.join(MODULES, '@bufbuild', 'cel') + path.sep,
};

/** Which of the modules that load on first use a fresh process has loaded after `script`. */
function loadedAfter(script: string): string[] {
  const probe = `
    const lib = require(${JSON.stringify(LIB)});
    ${script}
    const keys = Object.keys(require.cache);
    const out = Object.entries(${JSON.stringify(LAZY_PACKAGES)}).filter(([, dir]) => keys.some((k) => k.startsWith(dir))).map(([label]) => label);
    const has = (re) => keys.some((k) => re.test(k.split(require('path').sep).join('/')));
    if (has(/\\/imports\\/cert-manager\\.io\\.js$/)) out.push('cert-manager bindings');
    if (has(/\\/analysis\\/checks\\/all-checks\\.js$/)) out.push('analysis checks');
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

(compiled ? describe : describe.skip)('modules that load on first use', () => {
  test('require() of the package loads none of them', () => {
    expect(loadedAfter('')).toEqual([]);
  });

  test('the first analysis and the first file read load what they need', () => {
    const analyze = `
      const doc = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'n' },
        spec: { rules: [{ matches: [{ path: { type: 'RegularExpression', value: '/a.*' } }] }] } };
      new lib.Analyzer().analyze(lib.ManifestSet.fromObjects([doc]));`;
    expect(loadedAfter(analyze)).toEqual(['re2js', 'cel', 'analysis checks']);
    const read = `lib.ManifestSet.fromPaths([${JSON.stringify(path.join(__dirname, '..', '..', 'examples'))}]);`;
    expect(loadedAfter(read)).toContain('yaml');
  });

  test('the first cert-manager Certificate loads the cert-manager bindings', () => {
    const build = `
      const { App, Chart } = require('cdk8s');
      const chart = new Chart(new App(), 'c', { namespace: 'edge' });
      const gw = new lib.IngressGateway(chart, 'gw', { hostname: '*.example.com' });`;
    expect(loadedAfter(build)).not.toContain('cert-manager bindings');
    const withCertificate = `${build}
      new lib.TlsListener(gw, 'https', { certificate: lib.TlsCertificate.fromCertManager({ issuer: lib.CertIssuer.clusterIssuer('le') }) });`;
    expect(loadedAfter(withCertificate)).toContain('cert-manager bindings');
  });
});
