import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `gitops-${prefix}-`));
}

/** Every file below `dir`, relative with `/` separators, sorted, mapped to its bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.set(child, fs.readFileSync(path.join(dir, child)));
    }
  };
  walk('');
  return out;
}

/** Asserts two directory trees hold the same files with the same bytes. */
export function expectSameTree(expectedDir: string, actualDir: string): void {
  const expected = readTree(expectedDir);
  const actual = readTree(actualDir);
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [file, bytes] of expected) {
    expect({ file, content: actual.get(file)!.toString('utf8') }).toEqual({ file, content: bytes.toString('utf8') });
    expect(Buffer.compare(actual.get(file)!, bytes)).toBe(0);
  }
}

/** A chart with a Deployment, a Service, a ConfigMap and a raw object, like a service's chart. */
export class ServiceChart extends Chart {
  public readonly deployment: kplus.Deployment;
  public readonly config: ApiObject;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.config = new ApiObject(this, 'config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { greeting: `hello from ${id}`, multiline: 'a\nb\n' },
    });
    this.deployment = new kplus.Deployment(this, 'web', {
      replicas: 2,
      containers: [{ image: `ghcr.io/acme/${id}:1.0`, portNumber: 8080, securityContext: { ensureNonRoot: false } }],
    });
    this.deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    new ApiObject(this, 'route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: `${id}-route` },
      spec: { hostnames: [`${id}.example.com`], rules: [{ backendRefs: [{ name: id, port: 80 }] }] },
    });
  }
}

/** An App defined by `define`, with the given props. */
export function makeApp(define: (app: App) => void, props: AppProps): App {
  const app = new App(props);
  define(app);
  return app;
}

/** Independent charts, one per service, some with a namespace. */
export function independentCharts(app: App): void {
  for (const name of ['orders', 'payments', 'Catalog_Service', 'search']) {
    new ServiceChart(app, name, { namespace: name === 'search' ? undefined : 'shop', labels: { team: 'core' } });
  }
}

/**
 * Charts that depend on each other: explicitly (chart on chart), through a
 * construct dependency across charts, and an object order inside a chart
 * changed by an object dependency.
 */
export function dependentCharts(app: App): void {
  const platform = new Chart(app, 'platform');
  const ns = new ApiObject(platform, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  const secret = new ApiObject(platform, 'secret', { apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'shop' } });
  secret.addDependency(ns);
  const orders = new ServiceChart(app, 'orders', { namespace: 'shop' });
  const payments = new ServiceChart(app, 'payments', { namespace: 'shop' });
  const search = new ServiceChart(app, 'search', { namespace: 'shop' });
  orders.addDependency(platform);
  payments.deployment.node.addDependency(secret);
  // inside a chart: the ConfigMap after the Deployment's objects
  search.config.addDependency(search.deployment);
  new Chart(app, 'empty');
}

/** Charts inside charts, with a construct dependency into a nested chart. */
export function nestedCharts(app: App): void {
  const parent = new ServiceChart(app, 'parent', { namespace: 'outer' });
  const child = new ServiceChart(parent, 'child', { namespace: 'inner' });
  const grandchild = new ServiceChart(child, 'grandchild');
  new ServiceChart(app, 'sibling').config.addDependency(grandchild.config);
}
