import * as fs from 'fs';
import * as path from 'path';
import { withYaml } from './run-cli';
import { main } from '../../src/cli/main';

const FIXTURES = path.resolve(__dirname, '../fixtures/simulation');
const SHOP = path.join(FIXTURES, 'shop');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => { stdout += String(s); return true; });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { stderr += String(s); return true; });
  try {
    const code = await main(['simulate', ...args]);
    return { code, stdout, stderr, json: stdout ? JSON.parse(stdout) : undefined };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('simulate command on fixtures', () => {
  test('prints one JSON decision with stable keys', async () => {
    const r = await run([SHOP, '--gateway', 'infra/edge', '--scheme', 'https', '--host', 'shop.example.com', '--path', '/api/orders?page=2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(Object.keys(r.json).slice(0, 16)).toEqual([
      'status', 'gateway', 'listener', 'route', 'routeKind', 'rule', 'ruleName', 'redirect', 'rewrite', 'requestHeaders', 'backends', 'policy', 'timeouts', 'retry', 'authorization', 'reason',
    ]);
    expect(r.json).toMatchObject({
      status: 200,
      gateway: 'infra/edge',
      listener: 'https',
      route: 'shop/api',
      rule: 0,
      ruleName: 'split',
      redirect: null,
      rewrite: null,
      requestHeaders: {},
      backends: [
        { namespace: 'shop', name: 'api-v1', port: 80, weight: 90, share: 0.9 },
        { namespace: 'shop', name: 'api-v2', port: 80, weight: 10, share: 0.1 },
      ],
      policy: {
        'shop/api-v1': null,
        'shop/api-v2': {
          destinationRule: 'shop/api-v2',
          host: 'api-v2.shop.svc.cluster.local',
          trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s' } },
        },
      },
      reason: null,
    });
  });

  test('headers (repeatable --header) select the canary rule and are modified', async () => {
    const r = await run([SHOP, '--scheme', 'https', '--host', 'shop.example.com', '--path', '/api', '--header', 'X-Version: v2', '--header', 'accept: */*']);
    expect(r.code).toBe(0);
    expect(r.json.rule).toBe(1);
    expect(r.json.ruleName).toBe('canary-header');
    expect(r.json.requestHeaders).toEqual({ 'accept': '*/*', 'x-canary': 'true', 'x-version': 'v2' });
    expect(r.json.backends.map((b: any) => [b.name, b.share])).toEqual([['api-v2', 1]]);
  });

  test('http is redirected with 301 (the only Gateway is used when --gateway is omitted)', async () => {
    const r = await run([SHOP, '--host', 'shop.example.com:80', '--path', '/api?x=1']);
    expect(r.code).toBe(0);
    expect(r.json.status).toBe(301);
    expect(r.json.redirect).toEqual({ location: 'https://shop.example.com/api?x=1', statusCode: 301 });
    expect(r.json.listener).toBe('http');
    expect(r.json.route).toBe('shop/redirect');
  });

  test('no match is a decision: 404 with the reason, exit 0', async () => {
    const r = await run([SHOP, '--scheme', 'https', '--host', 'shop.example.com', '--path', '/web', '--method', 'POST']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      status: 404,
      route: null,
      rule: null,
      backends: [],
      // the redirect route is attached to the http listener on purpose: not mentioned
      reason: 'no rule of the HTTPRoutes attached to listener https matches POST /web',
    });
  });

  test('https to a host no HTTPS listener accepts as SNI: status 0, the TLS handshake fails', async () => {
    const r = await run([SHOP, '--scheme', 'https', '--host', 'other.org']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      status: 0,
      listener: null,
      route: null,
      reason: 'no HTTPS listener on port 443 of gateway infra/edge accepts SNI "other.org" (listeners: *.example.com); the TLS handshake fails',
    });
  });

  test('http to a host no HTTP listener matches: 404 from the port', async () => {
    const r = await run([SHOP, '--host', 'other.org']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      status: 404,
      listener: null,
      reason: 'no HTTP listener of gateway infra/edge on port 80 matches host other.org (listener hostnames: *.example.com)',
    });
  });

  test('the JSON has the same keys in the same order for every outcome', async () => {
    const keys = [
      'status', 'gateway', 'listener', 'route', 'routeKind', 'rule', 'ruleName', 'redirect', 'rewrite', 'requestHeaders', 'backends', 'policy', 'timeouts', 'retry', 'authorization', 'reason',
      'responseHeaders', 'mirrors', 'errorShare', 'notes',
    ];
    const routed = await run([SHOP, '--scheme', 'https', '--host', 'shop.example.com', '--path', '/api']);
    const redirected = await run([SHOP, '--host', 'shop.example.com']);
    const refused = await run([SHOP, '--host', 'shop.example.com', '--port', '8080']);
    for (const r of [routed, redirected, refused]) expect(Object.keys(r.json)).toEqual(keys);
    expect(Object.keys(routed.json.backends[0])).toEqual(['namespace', 'name', 'port', 'weight', 'share', 'status', 'problem']);
    expect(routed.json.backends[0]).toMatchObject({ status: 200, problem: null });
    expect(routed.json).toMatchObject({ responseHeaders: null, mirrors: [], errorShare: 0 });
  });

  test('--port selects the listener; a port without listener is status 0', async () => {
    const r = await run([SHOP, '--host', 'shop.example.com', '--port', '8080']);
    expect(r.code).toBe(0);
    expect(r.json.status).toBe(0);
    expect(r.json.reason).toContain('gateway infra/edge has no listener on port 8080');
  });

  test('single files can be given', async () => {
    const r = await run([path.join(SHOP, 'gateway.yaml'), path.join(SHOP, 'routes.yaml'), '--scheme', 'https', '--host', 'shop.example.com', '--path', '/api']);
    expect(r.json.status).toBe(500);
    expect(r.json.reason).toBe('Service shop/api-v1 is not in the input (BackendNotFound); Service shop/api-v2 is not in the input (BackendNotFound)');
    const assumed = await run([path.join(SHOP, 'gateway.yaml'), path.join(SHOP, 'routes.yaml'), '--scheme', 'https', '--host', 'shop.example.com', '--path', '/api', '--assume-services']);
    expect(assumed.json.status).toBe(200);
  });

  test('--external declares Services that are not in the files', async () => {
    const files = [path.join(SHOP, 'gateway.yaml'), path.join(SHOP, 'routes.yaml'), '--scheme', 'https', '--host', 'shop.example.com', '--path', '/api'];
    const r = await run([...files, '--external', 'Service shop/api-v1', '--external', 'Service shop/api-v2']);
    expect(r.code).toBe(0);
    expect(r.json.status).toBe(200);
    expect(r.json.backends.map((b: any) => [b.name, b.share])).toEqual([['api-v1', 0.9], ['api-v2', 0.1]]);
  });

  test('--sni sets the TLS server name apart from the Host', async () => {
    const r = await run([SHOP, '--scheme', 'https', '--host', 'shop.example.com', '--sni', 'other.org', '--path', '/api']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: 0, listener: null });
    expect(r.json.reason).toContain('accepts SNI "other.org"');
  });

  const GATEWAY_YAML = [
    'apiVersion: gateway.networking.k8s.io/v1', 'kind: Gateway', 'metadata: {name: gw, namespace: default}',
    'spec: {gatewayClassName: istio, listeners: [{name: http, port: 80, protocol: HTTP}]}', '---',
  ];
  const routeYaml = (name: string, spec: string) => ['apiVersion: gateway.networking.k8s.io/v1', 'kind: HTTPRoute', `metadata: {name: ${name}, namespace: default}`, `spec: ${spec}`];

  test('--istio-version selects the Istio release simulated', async () => {
    await withYaml([...GATEWAY_YAML, ...routeYaml('r', '{parentRefs: [{name: gw}], rules: [{matches: [{path: {type: PathPrefix, value: /}}]}]}')], async (dir) => {
      const v130 = await run([dir, '--host', 'a.example.com']);
      const v131 = await run([dir, '--host', 'a.example.com', '--istio-version', '1.31']);
      expect([v130.json.status, v131.json.status]).toEqual([404, 500]);
      expect(v131.json.reason).toBe('rule 0 of HTTPRoute default/r has no backendRefs and no redirect; Istio 1.31 answers 500');
    });
  });

  test('a RegularExpression that backtracks in JavaScript answers a long path at once (RE2, as Envoy)', async () => {
    const spec = "{parentRefs: [{name: gw}], rules: [{matches: [{path: {type: RegularExpression, value: '/(a+)+$'}}], backendRefs: [{name: web, port: 80}]}]}";
    await withYaml([...GATEWAY_YAML, ...routeYaml('r', spec)], async (dir) => {
      const started = Date.now();
      const r = await run([dir, '--host', 'a.example.com', '--path', `/${'a'.repeat(10000)}!`]);
      expect(r.code).toBe(0);
      expect(r.json.status).toBe(404);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });

  test('malformed routes are reported in the notes and the rest is simulated', async () => {
    await withYaml([
      ...GATEWAY_YAML,
      ...routeYaml('bad', '{parentRefs: {name: gw}, hostnames: 7, rules: [1, {backendRefs: [{name: web, port: 80}]}]}'), '---',
      ...routeYaml('good', '{parentRefs: [{name: gw}], rules: [{filters: [{type: RequestRedirect, requestRedirect: {statusCode: 301, scheme: https}}]}]}'),
    ], async (dir) => {
      const r = await run([dir, '--host', 'a.example.com']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.json.status).toBe(301);
      const at = `${path.join(dir, 'r.yaml')}:6`;
      expect(r.json.notes.filter((n: string) => n.startsWith(`HTTPRoute default/bad (${at}) is rejected (IGW0001 `))).toHaveLength(1);
    });
  });

  test.each([
    ['a missing --host', [SHOP], "required option '--host <host>' not specified"],
    ['an unknown Gateway', [SHOP, '--host', 'x', '--gateway', 'infra/nope'], 'error: gateway infra/nope is not in the manifests (gateways: infra/edge)'],
    ['a bad scheme', [SHOP, '--host', 'x', '--scheme', 'ftp'], 'error: scheme must be http or https, got ftp'],
    ['a bad port', [SHOP, '--host', 'x', '--port', 'eighty'], 'port must be an integer between 1 and 65535, got \"eighty\"'],
    ['a bad header', [SHOP, '--host', 'x', '--header', 'novalue'], "header must look like 'name: value', got 'novalue'"],
    ['a path without /', [SHOP, '--host', 'x', '--path', 'api'], 'error: path must start with /, got api'],
    ['a missing file', [path.join(FIXTURES, 'nope.yaml'), '--host', 'x'], `error: cannot read ${path.join(FIXTURES, 'nope.yaml')}: no such file or directory`],
    ['invalid YAML', [path.join(FIXTURES, 'broken'), '--host', 'x'], 'invalid YAML'],
    ['an unsupported --istio-version', [SHOP, '--host', 'x', '--istio-version', '2.0'], 'error: istioVersion "2.0" is not supported; use one of 1.30, 1.31 (default 1.30)\n'],
    ['--sni on http', [SHOP, '--host', 'x', '--sni', 'y'], 'error: sni is only meaningful for https requests, got scheme http\n'],
    ['a malformed --external', [SHOP, '--host', 'x', '--external', 'api'], 'error: external object "api" must be "Kind namespace/name", e.g. "Service shop/api"\n'],
  ])('%s is a usage error: exit 2, nothing on stdout', async (_title, args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/gateway-api-v1.6.1-examples');
const haveCorpus = fs.existsSync(CORPUS);
if (!haveCorpus) {
  // eslint-disable-next-line no-console
  console.warn(`skipping simulate corpus tests: ${CORPUS} is not present (it exists on dev machines and CI only)`);
}
const corpus = haveCorpus ? describe : describe.skip;

corpus('simulate command on the Gateway API v1.6.1 examples', () => {
  const c = (...p: string[]) => path.join(CORPUS, ...p);

  describe('http-routing', () => {
    test.each([
      ['foo.example.com', '/login/form', [], 'default/foo-route', 'foo-svc'],
      ['bar.example.com', '/', ['env: canary'], 'default/bar-route', 'bar-svc-canary'],
      ['bar.example.com', '/', [], 'default/bar-route', 'bar-svc'],
      ['example.com', '/anything', [], 'default/example-route', 'example-svc'],
    ])('%s %s %j -> %s %s', async (host, p, headers, routeKey, backend) => {
      const args = [c('http-routing'), '--gateway', 'default/example-gateway', '--host', host, '--path', p, '--assume-services'];
      for (const h of headers) args.push('--header', h);
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.json.status).toBe(200);
      expect(r.json.route).toBe(routeKey);
      expect(r.json.backends.map((b: any) => [b.name, b.share])).toEqual([[backend, 1]]);
    });

    test('foo.example.com outside /login is 404', async () => {
      const r = await run([c('http-routing'), '--host', 'foo.example.com', '--path', '/logout', '--assume-services']);
      expect(r.json.status).toBe(404);
    });

    test('without --assume-services the Services are missing from the examples: 500', async () => {
      const r = await run([c('http-routing'), '--host', 'foo.example.com', '--path', '/login']);
      expect(r.json.status).toBe(500);
      expect(r.json.reason).toBe('Service default/foo-svc is not in the input (BackendNotFound)');
    });
  });

  describe('http-redirect-rewrite', () => {
    const files = (...names: string[]) => [c('http-redirect-rewrite', 'gateway-redirect-http-https.yaml'), ...names.map((n) => c('http-redirect-rewrite', n))];

    test('http -> https 301 on the http listener only', async () => {
      const args = [...files('httproute-redirect-http.yaml', 'httproute-redirect-https.yaml'), '--host', 'redirect.example', '--assume-services'];
      const http = await run([...args, '--path', '/a']);
      expect(http.json).toMatchObject({ status: 301, listener: 'http', route: 'default/http-filter-redirect', redirect: { location: 'https://redirect.example/a', statusCode: 301 } });
      const https = await run([...args, '--scheme', 'https', '--path', '/a']);
      expect(https.json).toMatchObject({ status: 200, listener: 'https', route: 'default/https-route', redirect: null });
      expect(https.json.backends[0]).toMatchObject({ name: 'example-svc', share: 1 });
    });

    test.each([
      ['httproute-redirect-303.yaml', 'forms.example.com', 'POST', '/submit-form', 'http://forms.example.com/thank-you', 303],
      ['httproute-redirect-307.yaml', 'api.example.com', 'GET', '/api/v1/users', 'http://api.example.com/api/v2', 307],
      ['httproute-redirect-308.yaml', 'api.example.com', 'PUT', '/old-api', 'http://api.example.com/new-api', 308],
    ])('%s: %s %s %s -> %s %s', async (file, host, method, p, location, code) => {
      const r = await run([...files(file), '--host', host, '--method', method, '--path', p]);
      expect(r.code).toBe(0);
      expect(r.json.redirect).toEqual({ location, statusCode: code });
      expect(r.json.status).toBe(code);
    });

    test('the 303 redirect needs POST on the exact path', async () => {
      const r = await run([...files('httproute-redirect-303.yaml'), '--host', 'forms.example.com', '--path', '/submit-form']);
      expect(r.json.status).toBe(404);
    });

    test('the rewrite examples have no parentRefs and attach to nothing', async () => {
      const r = await run([...files('httproute-rewrite-prefix-path.yaml'), '--host', 'rewrite.example', '--path', '/cardamom/x']);
      expect(r.json.status).toBe(404);
      expect(r.json.reason).toContain('HTTPRoute default/http-filter-rewrite has no parentRefs, so it attaches to no Gateway');
    });
  });

  describe('traffic-splitting', () => {
    test('the split routes have no parentRefs: the decision says why nothing matches', async () => {
      const r = await run([c('traffic-splitting'), c('http-routing', 'gateway.yaml'), '--host', 'foo.example.com', '--assume-services']);
      expect(r.code).toBe(0);
      expect(r.json.status).toBe(404);
      expect(r.json.reason).toContain('HTTPRoute default/simple-split has no parentRefs, so it attaches to no Gateway');
      expect(r.json.notes).toContain('HTTPRoute default/foo-route appears 3 times in the input; the last one (' + c('traffic-splitting', 'traffic-split-3.yaml') + ') is used');
    });
  });
});
