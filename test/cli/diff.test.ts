import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './run-cli';

const ISTIO = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: bookinfo-gateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["bookinfo.example.com"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bookinfo
  namespace: default
spec:
  hosts: ["bookinfo.example.com"]
  gateways: [istio-system/bookinfo-gateway]
  http:
  - match:
    - uri: {prefix: /productpage}
    route:
    - destination: {host: productpage, subset: v1, port: {number: 9080}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: productpage
  namespace: default
spec:
  host: productpage
  subsets:
  - {name: v1, labels: {version: v1}}
`;

const gatewayApi = (pathMatch: string, backend = 'productpage-v1') => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: bookinfo, namespace: default}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: bookinfo.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: bookinfo, namespace: default}
spec:
  parentRefs: [{name: bookinfo}]
  hostnames: [bookinfo.example.com]
  rules:
  - matches: [{path: ${pathMatch}}]
    backendRefs: [{name: ${backend}, port: 9080}]
`;

const SAME = '{type: RegularExpression, value: "/productpage.*"}';
const PATH_PREFIX = '{type: PathPrefix, value: /productpage}';

/** Runs `fn` with a temporary directory holding old/ and new/ (one file each, or as given). */
async function withSides<T>(files: { [file: string]: string }, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
  try {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ALIAS = ['--alias', 'default/productpage#v1=default/productpage-v1'];

describe('diff command', () => {
  test('exit 0 and the corpus size when the two sides route the same', async () => {
    await withSides({ 'old/vs.yaml': ISTIO, 'new/r.yaml': gatewayApi(SAME) }, async (dir) => {
      const r = await cli('diff', path.join(dir, 'old'), path.join(dir, 'new'), '--assume-services', ...ALIAS);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^routing diff: \d+ requests, no differences\n/);
      expect(r.stdout).toContain('gateways: istio-system/bookinfo-gateway -> default/bookinfo\n');
      expect(r.code).toBe(0);
    });
  });

  test('exit 1 and each difference when they do not (a string prefix against PathPrefix)', async () => {
    await withSides({ 'old.yaml': ISTIO, 'new.yaml': gatewayApi(PATH_PREFIX) }, async (dir) => {
      const r = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--assume-services', ...ALIAS);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^routing diff: \d+ requests, 1 difference\n/);
      expect(r.stdout).toContain([
        'GET http://bookinfo.example.com:80/productpagex: status, backends differ',
        '  old: 200 default/productpage-v1:9080 100%',
        '  new: 404 (no rule of the HTTPRoutes attached to listener http matches GET /productpagex)',
      ].join('\n'));
    });
  });

  test('without the alias a subset is its own backend', async () => {
    await withSides({ 'old.yaml': ISTIO, 'new.yaml': gatewayApi(SAME) }, async (dir) => {
      const r = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--assume-services');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('  old: 200 default/productpage#v1:9080 100%\n  new: 200 default/productpage-v1:9080 100%');
    });
  });

  test('without --alias a subset is compared as the new Service with the selector plus the subset labels, and the note says so', async () => {
    const oldService = `---
apiVersion: v1
kind: Service
metadata: {name: productpage, namespace: default}
spec:
  selector: {app: productpage}
  ports: [{name: http, port: 9080}]
`;
    const newService = `---
apiVersion: v1
kind: Service
metadata: {name: productpage-v1, namespace: default}
spec:
  selector: {app: productpage, version: v1}
  ports: [{name: http, port: 9080}]
`;
    await withSides({ 'old.yaml': ISTIO + oldService, 'new.yaml': gatewayApi(SAME) + newService }, async (dir) => {
      const r = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--assume-services');
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^routing diff: \d+ requests, no differences\n/);
      expect(r.stdout).toContain('note: backend default/productpage#v1 is compared as default/productpage-v1: inferred, its selector is that of '
        + 'Service default/productpage plus the subset\'s labels version=v1 (give an alias to override)\n');
      expect(r.code).toBe(0);
    });
  });

  test('requests that differ the same way are printed once with their count; --json keeps each', async () => {
    // the new side sends everything to another Service: every routed request differs the same way
    await withSides({ 'old.yaml': ISTIO, 'new.yaml': gatewayApi(SAME, 'other') }, async (dir) => {
      const r = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--assume-services', ...ALIAS);
      expect(r.code).toBe(1);
      const n = Number(/(\d+) differences/.exec(r.stdout)![1]);
      expect(n).toBeGreaterThan(3);
      expect(r.stdout).toContain(`${n} requests: backends differs, the same way for each, e.g.\n  GET http://bookinfo.example.com:80/productpage\n`);
      expect(r.stdout).toContain(`  and ${n - 3} more\n  old: 200 default/productpage-v1:9080 100%\n  new: 200 default/other:9080 100%\n`);
      const json = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--assume-services', '--json', ...ALIAS);
      expect(JSON.parse(json.stdout).differences).toHaveLength(n);
    });
  });

  test('--json prints the result as JSON', async () => {
    await withSides({ 'old.yaml': ISTIO, 'new.yaml': gatewayApi(PATH_PREFIX) }, async (dir) => {
      const r = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--assume-services', '--json', ...ALIAS);
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout);
      expect(Object.keys(json)).toEqual(['corpusSize', 'truncated', 'equal', 'gatewayPairs', 'differences', 'notes']);
      expect(json.equal).toBe(false);
      expect(json.differences).toEqual([{
        request: {
          oldGateway: 'istio-system/bookinfo-gateway',
          newGateway: 'default/bookinfo',
          protocol: 'http',
          scheme: 'http',
          port: 80,
          host: 'bookinfo.example.com',
          method: 'GET',
          path: '/productpagex',
          headers: {},
        },
        summary: 'GET http://bookinfo.example.com:80/productpagex',
        fields: ['status', 'backends'],
        old: '200 default/productpage-v1:9080 100%',
        new: '404 (no rule of the HTTPRoutes attached to listener http matches GET /productpagex)',
      }]);
    });
  });

  test('--old and --new take several paths per side; --gateway pairs gateways', async () => {
    await withSides({ 'old.yaml': ISTIO, 'new1.yaml': gatewayApi(SAME), 'new2.yaml': gatewayApi(SAME).replace(/bookinfo\b/g, 'other') }, async (dir) => {
      const r = await cli('diff', '--old', path.join(dir, 'old.yaml'), '--new', path.join(dir, 'new1.yaml'), '--new', path.join(dir, 'new2.yaml'),
        '--gateway', 'istio-system/bookinfo-gateway=default/bookinfo', '--assume-services', ...ALIAS);
      expect(r.stdout).toContain('gateways: istio-system/bookinfo-gateway -> default/bookinfo, (none) -> default/other\n');
      expect(r.code).toBe(1);
    });
  });

  test('--max-requests bounds the corpus and says so', async () => {
    await withSides({ 'old.yaml': ISTIO, 'new.yaml': gatewayApi(SAME) }, async (dir) => {
      const r = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--assume-services', '--max-requests', '3', ...ALIAS);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('routing diff: 3 requests (cut by the bound), no differences');
      expect(r.stdout).toContain('note: the corpus was cut at 3 requests');
    });
  });

  test.each([
    [['diff'], 'error: diff needs two paths, <old> <new> (files or directories), got 0\n'],
    [['diff', 'a', 'b', 'c'], 'error: diff needs two paths, <old> <new> (files or directories), got 3; use --old and --new for several files per side\n'],
    [['diff', '--old', 'a'], 'error: --old needs --new: give the new side with --new <path>\n'],
    [['diff', '--new', 'a'], 'error: --new needs --old: give the old side with --old <path>\n'],
    [['diff', 'x', '--old', 'a', '--new', 'b'], 'error: give the two sides either as <old> <new> or with --old and --new, not both (extra: x)\n'],
  ])('fails with one error line and exit 2 on usage errors: %j', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(message);
  });

  test('fails when --alias or --gateway is not old=new, or --max-requests is not a positive integer', async () => {
    const alias = await cli('diff', 'a', 'b', '--alias', 'default/x');
    expect(alias.code).toBe(2);
    expect(alias.stderr).toContain("--alias must look like old=new, e.g. default/reviews#v1=default/reviews-v1, got 'default/x'");
    const gw = await cli('diff', 'a', 'b', '--gateway', '=b');
    expect(gw.code).toBe(2);
    expect(gw.stderr).toContain("--gateway must look like old=new, e.g. istio-system/bookinfo-gateway=default/bookinfo, got '=b'");
    const max = await cli('diff', 'a', 'b', '--max-requests', '0');
    expect(max.code).toBe(2);
    expect(max.stderr).toContain('max requests must be a positive integer, got 0');
  });

  test('fails when a path cannot be read, or --gateway names an unknown gateway', async () => {
    await withSides({ 'old.yaml': ISTIO, 'new.yaml': gatewayApi(SAME) }, async (dir) => {
      const missing = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'nope.yaml'));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^error: .*nope\.yaml.*\n$/);
      expect(missing.stderr.split('\n')).toHaveLength(2);
      const unknown = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--gateway', 'istio-system/nope=default/bookinfo');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe('error: gateway pair names istio-system/nope, which is not a gateway of the old manifests (istio-system/bookinfo-gateway)\n');
    });
  });

  test('escapes control characters taken from the manifests', async () => {
    const evil = gatewayApi(SAME).replace('hostnames: [bookinfo.example.com]', 'hostnames: [bookinfo.example.com]');
    await withSides({ 'old.yaml': ISTIO, 'new.yaml': evil.replace('backendRefs: [{name: productpage-v1', 'backendRefs: [{name: "product\\u001b[31mpage"') }, async (dir) => {
      const r = await cli('diff', path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml'), '--assume-services', ...ALIAS);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('\u001b');
      expect(r.stdout).toContain('product\\x1b[31mpage');
    });
  });
});
