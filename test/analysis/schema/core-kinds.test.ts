import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SchemaValidator } from '../../../src/analysis/schema/schema-validator';
import { Manifest } from '../../../src/manifests/manifest';
import { ManifestSet } from '../../../src/manifests/manifest-set';

function deployment(spec: any = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api', version: 'v1' } },
        spec: { containers: [{ name: 'api', image: 'ghcr.io/acme/api:1.4', ports: [{ containerPort: 8080, name: 'http' }] }] },
      },
      ...spec,
    },
  };
}

const validator = new SchemaValidator();
const check = (obj: any) => validator.validateManifest(Manifest.of(obj, 'test.yaml'));

describe('core kinds (Kubernetes 1.28 schemas)', () => {
  test('a good Deployment is clean', () => {
    expect(check(deployment())).toEqual([]);
  });

  test('replicas as a string is reported', () => {
    const findings = check(deployment({ replicas: '3' }));
    expect(findings).toEqual([expect.objectContaining({
      id: 'IGW0001',
      severity: 'error',
      path: 'spec.replicas',
      message: 'must be an integer, got string "3"',
      object: 'Deployment shop/api',
      location: 'test.yaml',
    })]);
  });

  test('an unknown field is reported with its path', () => {
    const obj = deployment();
    obj.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    const findings = check(obj);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'IGW0001', path: 'spec.template.spec.containers[0].imagePullPolicyy' });
    expect(findings[0].message).toMatch(/^unknown field "imagePullPolicyy"/);
  });

  test('a required field that is missing is reported', () => {
    const obj = deployment();
    delete obj.spec.selector;
    delete obj.spec.template.spec.containers[0].image;
    expect(check(obj).map((f) => [f.id, f.path, f.message])).toEqual([
      ['IGW0001', 'spec.selector', 'selector is required'],
    ]);
    delete obj.spec.template.spec.containers[0].name;
    expect(check(obj).map((f) => f.path)).toContain('spec.template.spec.containers[0].name');
  });

  test('int-or-string fields take both', () => {
    expect(check(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } }))).toEqual([]);
    expect(check(deployment({ strategy: { rollingUpdate: { maxSurge: true } } })).map((f) => f.path)).toEqual(['spec.strategy.rollingUpdate.maxSurge']);
  });

  test('a wrong apiVersion for the kind is an unknown kind/version warning', () => {
    const findings = check({ ...deployment(), apiVersion: 'apps/v1beta1' });
    expect(findings).toEqual([expect.objectContaining({ id: 'IGW0004', severity: 'warning' })]);
    expect(findings[0].message).toBe('no schema for Deployment in version apps/v1beta1; it was not validated');
  });

  test('every core kind cdk8s-plus-28 synthesizes is clean', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new kplus.Namespace(chart, 'ns', { metadata: { name: 'shop' } });
    const sa = new kplus.ServiceAccount(chart, 'sa');
    const cm = new kplus.ConfigMap(chart, 'cm', { data: { 'app.properties': 'a=1' } });
    new kplus.Secret(chart, 'secret', { stringData: { token: 'x' } });
    new kplus.TlsSecret(chart, 'tls', { tlsCert: 'cert', tlsKey: 'key' });
    const dep = new kplus.Deployment(chart, 'api', {
      replicas: 2,
      serviceAccount: sa,
      containers: [{
        image: 'ghcr.io/acme/api:1.4',
        portNumber: 8080,
        envFrom: [kplus.Env.fromConfigMap(cm)],
        readiness: kplus.Probe.fromHttpGet('/healthz'),
        resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128) } },
      }],
    });
    dep.exposeViaService({ ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', {
      target: dep, maxReplicas: 5, metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
    });
    new kplus.k8s.KubePodDisruptionBudget(chart, 'pdb', { spec: { minAvailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: { app: 'api' } } } });
    const set = ManifestSet.fromApp(app);
    expect(set.all.map((m) => m.kind).sort()).toEqual([
      'ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Namespace', 'PodDisruptionBudget', 'Secret', 'Secret', 'Service', 'ServiceAccount',
    ]);
    expect(new SchemaValidator().validate(set)).toEqual([]);
  });

  test('a Service port number as a string is reported', () => {
    const findings = check({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: '80', targetPort: 'http' }] },
    });
    expect(findings.map((f) => [f.path, f.message])).toEqual([['spec.ports[0].port', 'must be an integer, got string "80"']]);
  });

  test('Secret data must be a map of strings', () => {
    const findings = check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 1 } });
    expect(findings.map((f) => [f.path, f.message])).toEqual([['data["tls.crt"]', 'must be a string, got integer 1']]);
  });
});
