import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as gwapi from '../../imports/gateway.networking.k8s.io';
import { Analyzer } from '../../src/analysis/analyzer';
import { SynthValidation, declareExternalObject, declaredExternalObjects, enableSynthValidation } from '../../src/analysis/synth-validation';
import { Manifest } from '../../src/manifests/manifest';
import { ManifestSet } from '../../src/manifests/manifest-set';

/** A Gateway with an http listener, a route attached by `sectionName`, and its backend Service. */
/** A raw HTTPRoute `shop/typo` whose parentRef names the listener "htps", which does not exist (IGW1001). */
function addTypoRoute(chart: Chart): void {
  new gwapi.HttpRoute(chart, 'typo', {
    metadata: { name: 'typo', namespace: 'shop' },
    spec: { parentRefs: [{ name: 'edge', sectionName: 'htps' }] },
  });
}

function shop(chart: Chart, sectionName: string): void {
  new gwapi.Gateway(chart, 'edge', {
    metadata: { name: 'edge', namespace: 'shop' },
    spec: {
      gatewayClassName: 'istio',
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' }],
    },
  });
  new gwapi.HttpRoute(chart, 'route', {
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName }],
      hostnames: ['shop.example.com'],
    },
  });
}

let stderr: jest.SpyInstance;
beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true); });
afterEach(() => { stderr.mockRestore(); });

describe('synth-time validation', () => {
  test('fails Testing.synth with the construct path, the message and the fix when sectionName names no listener', () => {
    const chart = Testing.chart();
    shop(chart, 'htps');
    enableSynthValidation(chart);
    expect(() => Testing.synth(chart)).toThrow(
      'IGW1001 [test/route] HTTPRoute shop/web spec.parentRefs[0].sectionName: '
      + 'parentRef sectionName "htps" matches no listener of Gateway shop/edge; it has http (port 80) '
      + '(fix: did you mean "http"? set sectionName to one of "http", or add a matching listener)');
    expect(() => Testing.synth(chart)).toThrow(/^Validation failed with the following errors:\n {2}\[IstioGatewayAnalysis\] IGW1001/);
  });

  test('a correct chart synthesizes, and the hidden construct adds no object', () => {
    const chart = Testing.chart();
    shop(chart, 'http');
    enableSynthValidation(chart);
    const out = Testing.synth(chart);
    expect(out.map((o: any) => o.kind)).toEqual(['Gateway', 'HTTPRoute']);
    expect(ManifestSet.fromApp(chart.node.root).all.map((m: Manifest) => m.kind)).toEqual(['Gateway', 'HTTPRoute']);
  });

  test('app.synth() fails too', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    shop(chart, 'htps');
    enableSynthValidation(chart);
    expect(() => app.synth()).toThrow(/IGW1001 \[shop\/route\] HTTPRoute shop\/web/);
  });

  test('adds one hidden construct per App, whatever the number of calls', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    enableSynthValidation(a);
    enableSynthValidation(b);
    enableSynthValidation(a);
    expect(app.node.children.map((c) => c.node.id)).toEqual(['a', 'b', 'IstioGatewayAnalysis']);
  });

  test('checks see objects across charts', () => {
    const app = Testing.app();
    const infra = new Chart(app, 'infra');
    const team = new Chart(app, 'team');
    new gwapi.Gateway(infra, 'edge', {
      metadata: { name: 'edge', namespace: 'shop' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    new gwapi.HttpRoute(team, 'route', {
      metadata: { name: 'web', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'edge', sectionName: 'http' }] },
    });
    enableSynthValidation(team);
    expect(() => Testing.synth(team)).not.toThrow();
  });

  test('warnings are printed to stderr once per synth and do not fail it', () => {
    const chart = Testing.chart();
    shop(chart, 'http');
    new gwapi.HttpRoute(chart, 'elsewhere', {
      metadata: { name: 'other', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'shared', namespace: 'platform' }] },
    });
    SynthValidation.enable(chart, { printWarnings: true });
    Testing.synth(chart);
    const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toBe('cdk8s-istio-gateway: 1 warning:\n'
      + '  warning IGW1001 [test/elsewhere] HTTPRoute shop/other spec.parentRefs[0]: parentRef names Gateway platform/shared, '
      + 'which is not in the manifests (the manifests contain no Gateway in namespace "platform", so it may be managed elsewhere) '
      + '(fix: make sure Gateway platform/shared exists in the cluster, or fix the parentRef)\n');
  });

  test('CDK8S_ISTIO_GATEWAY_WARNINGS=off keeps stderr quiet', () => {
    const chart = Testing.chart();
    new gwapi.HttpRoute(chart, 'elsewhere', {
      metadata: { name: 'other', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'shared', namespace: 'platform' }] },
    });
    enableSynthValidation(chart);
    expect(process.env.CDK8S_ISTIO_GATEWAY_WARNINGS).toBe('off'); // set by test/setup-env.ts
    Testing.synth(chart);
    expect(stderr).not.toHaveBeenCalled();
  });

  test('printWarnings false keeps stderr quiet', () => {
    const chart = Testing.chart();
    new gwapi.HttpRoute(chart, 'elsewhere', {
      metadata: { name: 'other', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'shared', namespace: 'platform' }] },
    });
    SynthValidation.enable(chart, { printWarnings: false });
    Testing.synth(chart);
    expect(stderr).not.toHaveBeenCalled();
  });

  test('SynthValidation.disable turns it off, even when constructs enable it later', () => {
    const chart = Testing.chart();
    SynthValidation.disable(chart);
    shop(chart, 'htps');
    enableSynthValidation(chart);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('the context key turns it off', () => {
    const app = new App({ outdir: Testing.app().outdir });
    expect(SynthValidation.CONTEXT_KEY).toBe('cdk8s-istio-gateway:validation');
    app.node.setContext(SynthValidation.CONTEXT_KEY, 'off');
    const chart = new Chart(app, 'shop');
    shop(chart, 'htps');
    enableSynthValidation(chart);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('disabledChecks skips a check', () => {
    const chart = Testing.chart();
    shop(chart, 'htps');
    SynthValidation.enable(chart, { disabledChecks: ['IGW1001'] });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('SynthValidation.errors returns the messages synth would fail with', () => {
    const chart = Testing.chart();
    shop(chart, 'htps');
    expect(SynthValidation.errors(chart)).toEqual([expect.stringMatching(/^IGW1001 \[test\/route\] /)]);
  });

  test('the reserved id is not silently reused', () => {
    const app = Testing.app();
    new Chart(app, 'IstioGatewayAnalysis');
    const chart = new Chart(app, 'shop');
    expect(() => enableSynthValidation(chart)).toThrow('the construct id "IstioGatewayAnalysis" at the App root is reserved for synth-time validation; rename that construct');
  });
});

describe('synth-time validation runs once per synth', () => {
  let outdir: string;
  beforeEach(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-once-')); });
  afterEach(() => { fs.rmSync(outdir, { recursive: true, force: true }); });

  /** An App of 30 charts; one route names a Gateway outside the App, which gives one warning. */
  function bigApp(): App {
    const app = new App({ outdir });
    for (let i = 0; i < 30; i++) {
      const chart = new Chart(app, `c${i}`);
      new gwapi.HttpRoute(chart, 'route', {
        metadata: { name: `r${i}`, namespace: 'shop' },
        spec: { parentRefs: [{ name: i === 0 ? 'shared' : 'edge', namespace: i === 0 ? 'platform' : 'shop' }] },
      });
    }
    new gwapi.Gateway(app.node.findChild('c1') as Chart, 'edge', {
      metadata: { name: 'edge', namespace: 'shop' },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    SynthValidation.enable(app, { printWarnings: true });
    return app;
  }

  test('app.synth() of 30 charts analyzes once and prints each warning block once', () => {
    const app = bigApp();
    const analyze = jest.spyOn(Analyzer.prototype, 'analyze');
    try {
      app.synth();
      expect(analyze).toHaveBeenCalledTimes(1);
    } finally {
      analyze.mockRestore();
    }
    const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(printed.match(/cdk8s-istio-gateway: 1 warning:/g)).toHaveLength(1);
    expect(fs.readdirSync(outdir)).toHaveLength(30);
  });

  test('synths separated by a microtask analyze again and see mutations', async () => {
    const app = bigApp();
    const analyze = jest.spyOn(Analyzer.prototype, 'analyze');
    try {
      app.synth();
      await Promise.resolve();
      app.synth();
      expect(analyze).toHaveBeenCalledTimes(2);
      await Promise.resolve();
      addTypoRoute(app.node.findChild('c2') as Chart);
      expect(() => app.synth()).toThrow(/IGW1001 \[c2\/typo\] HTTPRoute shop\/typo/);
      expect(analyze).toHaveBeenCalledTimes(3);
    } finally {
      analyze.mockRestore();
    }
  });

  test('a second Testing.synth in the same tick sees a change made after the first', () => {
    const chart = Testing.chart();
    shop(chart, 'http');
    enableSynthValidation(chart);
    expect(() => Testing.synth(chart)).not.toThrow();
    addTypoRoute(chart);
    expect(() => Testing.synth(chart)).toThrow(/IGW1001 \[test\/typo\] HTTPRoute shop\/typo/);
  });

  test('a second app.synthYaml in the same tick sees a JSON patch made after the first', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    shop(chart, 'http');
    enableSynthValidation(chart);
    expect(app.synthYaml()).toContain('sectionName: http');
    ApiObject.of(chart.node.findChild('route')).addJsonPatch(JsonPatch.replace('/spec/parentRefs/0/sectionName', 'htps'));
    expect(() => app.synthYaml()).toThrow(/IGW1001 \[shop\/route\] HTTPRoute shop\/web spec.parentRefs\[0\].sectionName/);
  });

  test('a second app.synth in the same tick analyzes again and sees the change', () => {
    const app = bigApp();
    const analyze = jest.spyOn(Analyzer.prototype, 'analyze');
    try {
      app.synth();
      addTypoRoute(app.node.findChild('c2') as Chart);
      expect(() => app.synth()).toThrow(/IGW1001 \[c2\/typo\] HTTPRoute shop\/typo/);
      expect(analyze).toHaveBeenCalledTimes(2);
    } finally {
      analyze.mockRestore();
    }
  });

  test('app.synthYaml() of 30 charts analyzes once', () => {
    const app = bigApp();
    const analyze = jest.spyOn(Analyzer.prototype, 'analyze');
    try {
      app.synthYaml();
      expect(analyze).toHaveBeenCalledTimes(1);
    } finally {
      analyze.mockRestore();
    }
  });

  test('an App subclass that overrides synth() still analyzes once per synth', () => {
    class MyApp extends App {
      public synth(): void { super.synth(); }
    }
    const app = new MyApp({ outdir });
    shop(new Chart(app, 'shop'), 'http');
    for (let i = 0; i < 5; i++) {
      new ApiObject(new Chart(app, `c${i}`), 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `config-${i}` } });
    }
    enableSynthValidation(app);
    const analyze = jest.spyOn(Analyzer.prototype, 'analyze');
    try {
      app.synth();
      expect(analyze).toHaveBeenCalledTimes(1);
    } finally {
      analyze.mockRestore();
    }
  });

  test('an error fails every chart synthesis of the same synth with the same findings', () => {
    const chart = Testing.chart();
    shop(chart, 'htps');
    enableSynthValidation(chart);
    expect(() => Testing.synth(chart)).toThrow(/IGW1001/);
    expect(() => Testing.synth(chart)).toThrow(/IGW1001/);
  });
});

describe('external objects', () => {
  /** A route in namespace shop whose backend is a Service managed outside the App, next to one the App makes. */
  function app(): Chart {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'web', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80 }] } });
    new gwapi.HttpRoute(chart, 'pay', {
      metadata: { name: 'pay' },
      spec: { rules: [{ backendRefs: [{ name: 'payments-api', port: 80 }] }] },
    });
    return chart;
  }

  test('a Service of the namespace that is not in the App is an error until it is declared external', () => {
    const chart = app();
    enableSynthValidation(chart);
    expect(SynthValidation.errors(chart)).toEqual([expect.stringMatching(/^IGW1004 \[shop\/pay\] HTTPRoute shop\/pay .*payments-api, which is not in the manifests/)]);
    declareExternalObject(chart, 'Service', undefined, 'payments-api');
    expect(SynthValidation.errors(chart)).toEqual([]);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('the namespace defaults to the chart namespace, else default; an explicit one is used as is', () => {
    const chart = app();
    declareExternalObject(chart, 'Service', 'other', 'payments-api');
    expect(() => Testing.synth(chart)).toThrow(/IGW1004/);
    const plain = Testing.chart();
    new ApiObject(plain, 'web', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    new gwapi.HttpRoute(plain, 'pay', { metadata: { name: 'pay' }, spec: { rules: [{ backendRefs: [{ name: 'payments-api', port: 80 }] }] } });
    declareExternalObject(plain, 'Service', undefined, 'payments-api');
    expect(() => Testing.synth(plain)).not.toThrow();
  });

  test('declaredExternalObjects lists the App\'s declarations, sorted and without duplicates, from any construct', () => {
    const chart = app();
    expect(declaredExternalObjects(chart)).toEqual([]);
    declareExternalObject(chart, 'Service', undefined, 'payments-api');
    declareExternalObject(chart, 'Gateway', 'infra', 'edge');
    declareExternalObject(chart.node.findChild('pay'), 'Service', undefined, 'payments-api');
    expect(declaredExternalObjects(chart.node.findChild('pay'))).toEqual(['Gateway infra/edge', 'Service shop/payments-api']);
    expect(declaredExternalObjects(Testing.chart())).toEqual([]);
  });

  test('a declared object that is not Kind namespace/name fails with the construct path', () => {
    const chart = app();
    expect(() => declareExternalObject(chart, 'Service', 'shop', 'Payments_API')).toThrow('[shop] external object "Service shop/Payments_API" must be "Kind namespace/name"');
  });

  test('externalObjects of SynthValidation.enable are used alongside declared ones', () => {
    const chart = app();
    SynthValidation.enable(chart, { externalObjects: ['Service shop/payments-api'] });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('enable rejects an unknown check id and a malformed external object with the construct path', () => {
    const chart = Testing.chart();
    expect(() => SynthValidation.enable(chart, { disabledChecks: ['IGW9999'] })).toThrow(/^\[test\] unknown check id IGW9999 in disabledChecks; known ids: IGW0001/);
    expect(() => SynthValidation.enable(chart, { externalObjects: ['payments-api'] })).toThrow('[test] external object "payments-api" must be "Kind namespace/name"');
  });
});
