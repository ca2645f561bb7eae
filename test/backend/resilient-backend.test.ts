import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AppProtocol } from '../../src/backend/app-protocol';
import { LoadBalancer } from '../../src/backend/load-balancer';
import { ResilientBackend } from '../../src/backend/resilient-backend';
import { shopChart, single } from '../chart';

/** `kind/name` of every synthesized object, in output order. */
const kindsAndNames = (chart: Chart): string[] => Testing.synth(chart).map(o => `${o.kind}/${o.metadata.name}`);

const echo = (version: string) => ({ version, image: 'hashicorp/http-echo:1.0', args: [`-text=${version}`] });

describe('ResilientBackend defaults', () => {
  const chart = shopChart();
  const backend = new ResilientBackend(chart, 'backend', { containerPort: 5678, versions: [echo('v1'), echo('v2')] });

  test('writes a Deployment, Service and PodDisruptionBudget per version, named <name>-<version>; no DestinationRule without a policy', () => {
    expect(kindsAndNames(chart)).toEqual([
      'Deployment/backend-v1', 'Service/backend-v1', 'PodDisruptionBudget/backend-v1',
      'Deployment/backend-v2', 'Service/backend-v2', 'PodDisruptionBudget/backend-v2',
    ]);
    expect(backend.version('v1').destinationRule).toBeUndefined();
  });

  test('every object is in the chart namespace and labelled app/version', () => {
    for (const o of Testing.synth(chart)) {
      expect(o.metadata.namespace).toBe('shop');
      expect(o.metadata.labels.app).toBe('backend');
      expect(['v1', 'v2']).toContain(o.metadata.labels.version);
    }
  });

  test('the Deployment selects app+version only, without construct-path labels', () => {
    const d = single(chart, 'Deployment', 'backend-v1');
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'backend', version: 'v1' } });
    expect(d.spec.template.metadata.labels).toEqual({ app: 'backend', version: 'v1' });
    expect(d.spec.replicas).toBe(2);
  });

  test('the container: image, args, named port, pull policy', () => {
    const c = single(chart, 'Deployment', 'backend-v2').spec.template.spec.containers[0];
    expect(c.name).toBe('app');
    expect(c.image).toBe('hashicorp/http-echo:1.0');
    expect(c.args).toEqual(['-text=v2']);
    expect(c.ports).toEqual([{ containerPort: 5678, name: 'http' }]);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.env).toBeUndefined();
    expect(c.livenessProbe).toBeUndefined();
    expect(c.startupProbe).toBeUndefined();
  });

  test('the pod satisfies the Pod Security "restricted" profile', () => {
    const pod = single(chart, 'Deployment', 'backend-v1').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 65532,
      runAsNonRoot: true,
      runAsUser: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('a read-only root filesystem comes with a writable /tmp', () => {
    const pod = single(chart, 'Deployment', 'backend-v1').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  test('resource requests and limits', () => {
    const c = single(chart, 'Deployment', 'backend-v1').spec.template.spec.containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  test('a TCP readiness probe on the container port', () => {
    const c = single(chart, 'Deployment', 'backend-v1').spec.template.spec.containers[0];
    expect(c.readinessProbe.tcpSocket).toEqual({ port: 5678 });
    expect(c.readinessProbe.httpGet).toBeUndefined();
  });

  test('the Service: selector app+version, named port with appProtocol, explicit defaults', () => {
    const s = single(chart, 'Service', 'backend-v1');
    expect(s.spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'backend', version: 'v1' },
      ports: [{ name: 'http', appProtocol: 'http', port: 80, targetPort: 5678, protocol: 'TCP' }],
    });
  });

  test('with a policy, the DestinationRule host is the Service FQDN', () => {
    const c = shopChart();
    new ResilientBackend(c, 'backend', { versions: [echo('v2')], loadBalancer: LoadBalancer.random() });
    const dr = single(c, 'DestinationRule', 'backend-v2');
    expect(dr.apiVersion).toBe('networking.istio.io/v1');
    expect(dr.spec).toEqual({ host: 'backend-v2.shop.svc.cluster.local', trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } });
  });

  test('the PodDisruptionBudget allows one pod down', () => {
    const pdb = single(chart, 'PodDisruptionBudget', 'backend-v1');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'backend', version: 'v1' } } });
  });

  test('version() is an IBackend referencing the version Service', () => {
    expect(backend.version('v2').backendReference()).toEqual({ group: '', kind: 'Service', name: 'backend-v2', namespace: 'shop', port: 80 });
    expect(backend.version('v1').host).toBe('backend-v1.shop.svc.cluster.local');
    expect(backend.versions.map(v => v.version)).toEqual(['v1', 'v2']);
  });

  test('resolved fields', () => {
    expect(backend.backendName).toBe('backend');
    expect(backend.namespace).toBe('shop');
    expect(backend.port).toBe(80);
    expect(backend.containerPort).toBe(5678);
    expect(backend.appProtocol).toBe(AppProtocol.HTTP);
    expect(backend.clusterDomain).toBe('cluster.local');
    expect(backend.service).toBeUndefined();
  });

  test('ApiObject.of(version) is its Deployment (the escape hatch)', () => {
    const obj = ApiObject.of(backend.version('v1'));
    expect(obj.kind).toBe('Deployment');
    expect(obj.name).toBe('backend-v1');
    expect(backend.version('v1').node.defaultChild).toBe(backend.version('v1').deployment);
  });

  test('the service and policy objects a version exposes are the synthesized ones', () => {
    const c = shopChart();
    const v1 = new ResilientBackend(c, 'api', { versions: [echo('v1')], loadBalancer: LoadBalancer.random() }).version('v1');
    expect(v1.service.kind).toBe('Service');
    expect(v1.service.name).toBe('api-v1');
    expect(v1.destinationRule!.kind).toBe('DestinationRule');
    expect(v1.podDisruptionBudget!.kind).toBe('PodDisruptionBudget');
  });

  test('a JSON patch through ApiObject.of(version) shows in the output', () => {
    const c = shopChart();
    const v1 = new ResilientBackend(c, 'api', { versions: [echo('v1')] }).version('v1');
    ApiObject.of(v1).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
    expect(single(c, 'Deployment', 'api-v1').spec.revisionHistoryLimit).toBe(3);
  });

  test('fails when ApiObject.of is called on the backend itself: it has no primary object, each version has one', () => {
    expect(() => ApiObject.of(backend)).toThrow('cannot find a (direct or indirect) child of type ApiObject for construct shop/backend');
  });

  test('the versions getter returns a copy', () => {
    backend.versions.pop();
    expect(backend.versions).toHaveLength(2);
  });
});

describe('ResilientBackend options', () => {
  test('one replica: no PodDisruptionBudget', () => {
    const chart = shopChart();
    const b = new ResilientBackend(chart, 'api', { replicas: 1, versions: [echo('v1')] });
    expect(kindsAndNames(chart)).not.toContain('PodDisruptionBudget/api-v1');
    expect(b.version('v1').podDisruptionBudget).toBeUndefined();
    expect(single(chart, 'Deployment', 'api-v1').spec.replicas).toBe(1);
  });

  test('a version overrides replicas, args, command, resources and adds env', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', {
      replicas: 3,
      args: ['--base'],
      command: ['/bin/base'],
      env: { B: 'backend', A: 'backend' },
      versions: [
        { version: 'v1', image: 'img:1' },
        {
          version: 'v2',
          image: 'img:2',
          replicas: 1,
          args: ['--v2'],
          command: ['/bin/v2'],
          env: { A: 'v2', C: 'v2' },
          resources: { cpu: { request: kplus.Cpu.millis(250) }, memory: { request: Size.mebibytes(64) } },
        },
      ],
    });
    const v1 = single(chart, 'Deployment', 'api-v1');
    const v2 = single(chart, 'Deployment', 'api-v2');
    expect(v1.spec.replicas).toBe(3);
    expect(v1.spec.template.spec.containers[0].args).toEqual(['--base']);
    expect(v1.spec.template.spec.containers[0].command).toEqual(['/bin/base']);
    expect(v1.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: 'backend' }, { name: 'B', value: 'backend' }]);
    expect(v2.spec.replicas).toBe(1);
    expect(v2.spec.template.spec.containers[0].args).toEqual(['--v2']);
    expect(v2.spec.template.spec.containers[0].command).toEqual(['/bin/v2']);
    expect(v2.spec.template.spec.containers[0].env).toEqual([
      { name: 'A', value: 'v2' }, { name: 'B', value: 'backend' }, { name: 'C', value: 'v2' },
    ]);
    expect(v2.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '64Mi' } });
    expect(kindsAndNames(chart)).toContain('PodDisruptionBudget/api-v1');
    expect(kindsAndNames(chart)).not.toContain('PodDisruptionBudget/api-v2');
  });

  test('backend-level resources apply to every version', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', {
      resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } },
      versions: [echo('v1')],
    });
    expect(single(chart, 'Deployment', 'api-v1').spec.template.spec.containers[0].resources)
      .toEqual({ requests: { memory: '512Mi' }, limits: { memory: '512Mi' } });
  });

  test('port, containerPort and appProtocol', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'hello', { port: 5000, appProtocol: AppProtocol.HTTP2, versions: [echo('v1')] });
    expect(single(chart, 'Service', 'hello-v1').spec.ports).toEqual([
      { name: 'http2', appProtocol: 'http2', port: 5000, targetPort: 5000, protocol: 'TCP' },
    ]);
    expect(single(chart, 'Deployment', 'hello-v1').spec.template.spec.containers[0].ports).toEqual([{ containerPort: 5000, name: 'http2' }]);
  });

  test('grpc and tcp name the port after the protocol', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'rpc', { port: 9090, appProtocol: AppProtocol.GRPC, versions: [echo('v1')] });
    new ResilientBackend(chart, 'db', { port: 5432, appProtocol: AppProtocol.TCP, versions: [echo('v1')] });
    expect(single(chart, 'Service', 'rpc-v1').spec.ports[0]).toMatchObject({ name: 'grpc', appProtocol: 'grpc' });
    expect(single(chart, 'Service', 'db-v1').spec.ports[0]).toMatchObject({ name: 'tcp', appProtocol: 'tcp' });
  });

  test('readinessPath gives an HTTP GET readiness probe on the container port', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { containerPort: 8080, readinessPath: '/healthz', versions: [echo('v1')] });
    const c = single(chart, 'Deployment', 'api-v1').spec.template.spec.containers[0];
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
    expect(c.readinessProbe.tcpSocket).toBeUndefined();
  });

  test('readiness and liveness probes can be replaced', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', {
      readiness: kplus.Probe.fromCommand(['true']),
      liveness: kplus.Probe.fromHttpGet('/live', { port: 80 }),
      versions: [echo('v1')],
    });
    const c = single(chart, 'Deployment', 'api-v1').spec.template.spec.containers[0];
    expect(c.readinessProbe.exec).toEqual({ command: ['true'] });
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/live', port: 80 });
  });

  test('security context fields override the defaults one by one', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', {
      securityContext: { readOnlyRootFilesystem: false, user: 1000 },
      versions: [echo('v1')],
    });
    const pod = single(chart, 'Deployment', 'api-v1').spec.template.spec;
    expect(pod.containers[0].securityContext).toMatchObject({
      readOnlyRootFilesystem: false,
      runAsUser: 1000,
      runAsGroup: 65532,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    // A writable root filesystem needs no /tmp volume.
    expect(pod.volumes).toBeUndefined();
    expect(pod.containers[0].volumeMounts).toBeUndefined();
  });

  test('serviceAccount sets the pod identity', () => {
    const chart = shopChart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'api');
    new ResilientBackend(chart, 'api', { serviceAccount: sa, versions: [echo('v1')] });
    const pod = single(chart, 'Deployment', 'api-v1').spec.template.spec;
    expect(pod.serviceAccountName).toBe('api');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('writableTmp: false leaves out the /tmp volume', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { writableTmp: false, versions: [echo('v1')] });
    const pod = single(chart, 'Deployment', 'api-v1').spec.template.spec;
    expect(pod.volumes).toBeUndefined();
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('an explicit name', () => {
    const chart = shopChart();
    const b = new ResilientBackend(chart, 'Api', { name: 'productpage', port: 9080, versions: [echo('v1')] });
    expect(b.backendName).toBe('productpage');
    expect(kindsAndNames(chart)).toContain('Service/productpage-v1');
  });

  test('the name is derived from the construct id', () => {
    const chart = shopChart();
    expect(new ResilientBackend(chart, 'MyApi', { versions: [echo('v1')] }).backendName).toBe('my-api');
    expect(new ResilientBackend(chart, 'hello_world', { versions: [echo('v1')] }).backendName).toBe('hello-world');
  });

  test('props.namespace wins over the chart namespace and goes into the host', () => {
    const chart = shopChart();
    const b = new ResilientBackend(chart, 'api', { namespace: 'istio-test', versions: [echo('v1')], loadBalancer: LoadBalancer.random() });
    expect(b.namespace).toBe('istio-test');
    expect(single(chart, 'Deployment', 'api-v1').metadata.namespace).toBe('istio-test');
    expect(single(chart, 'DestinationRule', 'api-v1').spec.host).toBe('api-v1.istio-test.svc.cluster.local');
    expect(b.version('v1').backendReference().namespace).toBe('istio-test');
  });

  test('a namespace from props works in a chart without one', () => {
    const chart = new Chart(Testing.app(), 'shop');
    new ResilientBackend(chart, 'api', { namespace: 'team', versions: [echo('v1')] });
    expect(single(chart, 'Service', 'api-v1').metadata.namespace).toBe('team');
  });

  test('clusterDomain goes into the host', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { clusterDomain: 'corp.internal', versions: [echo('v1')], loadBalancer: LoadBalancer.random() });
    expect(single(chart, 'DestinationRule', 'api-v1').spec.host).toBe('api-v1.shop.svc.corp.internal');
  });

  test('exportTo goes into every DestinationRule', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { exportTo: ['.', 'istio-ingress'], sharedService: true, versions: [echo('v1')], loadBalancer: LoadBalancer.random() });
    expect(single(chart, 'DestinationRule', 'api-v1').spec.exportTo).toEqual(['.', 'istio-ingress']);
    expect(single(chart, 'DestinationRule', 'api').spec.exportTo).toEqual(['.', 'istio-ingress']);
  });

  test('sharedService adds a Service <name> selecting every version, with its own DestinationRule', () => {
    const chart = shopChart();
    const b = new ResilientBackend(chart, 'api', { sharedService: true, containerPort: 8080, versions: [echo('v1'), echo('v2')], loadBalancer: LoadBalancer.random() });
    const s = single(chart, 'Service', 'api');
    expect(s.spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'api' },
      ports: [{ name: 'http', appProtocol: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
    expect(s.metadata.labels).toEqual({ app: 'api' });
    expect(single(chart, 'DestinationRule', 'api').spec.host).toBe('api.shop.svc.cluster.local');
    expect(b.service!.backendReference()).toEqual({ group: '', kind: 'Service', name: 'api', namespace: 'shop', port: 80 });
  });

  test('addVersion returns the version it creates', () => {
    const chart = shopChart();
    const b = new ResilientBackend(chart, 'api');
    const v3 = b.addVersion({ version: 'v3', image: 'img:3' });
    expect(v3.version).toBe('v3');
    expect(v3.serviceName).toBe('api-v3');
    expect(v3.port).toBe(80);
    expect(v3.replicas).toBe(2);
    expect(b.version('v3')).toBe(v3);
    expect(kindsAndNames(chart)).toContain('Deployment/api-v3');
  });

  test('the Deployment is open for changes through kplus', () => {
    const chart = shopChart();
    const b = new ResilientBackend(chart, 'api', { versions: [echo('v1')] });
    b.version('v1').deployment.containers[0].env.addVariable('EXTRA', kplus.EnvValue.fromValue('1'));
    expect(single(chart, 'Deployment', 'api-v1').spec.template.spec.containers[0].env).toEqual([
      { name: 'EXTRA', value: '1' },
    ]);
  });

  test('synthesis is deterministic', () => {
    const build = () => {
      const chart = shopChart();
      new ResilientBackend(chart, 'api', {
        sharedService: true,
        env: { Z: '1', A: '2' },
        versions: [echo('v1'), { ...echo('v2'), env: { M: '3' } }],
      });
      return JSON.stringify(Testing.synth(chart));
    };
    expect(build()).toEqual(build());
  });
});

describe('ResilientBackend errors', () => {
  test('fails when there is no namespace anywhere', () => {
    const chart = new Chart(Testing.app(), 'shop');
    expect(() => new ResilientBackend(chart, 'api', { versions: [echo('v1')] }))
      .toThrow('[shop/api] namespace is required (the DestinationRule host is <service>.<namespace>.svc.cluster.local); set namespace on the Chart or pass namespace');
  });

  test('fails when the namespace is invalid', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { namespace: 'Shop' }))
      .toThrow('namespace "Shop" is not a valid namespace name');
  });

  test('fails when the construct id gives no valid name', () => {
    expect(() => new ResilientBackend(shopChart(), '123'))
      .toThrow('name "123" is not a valid Service name (lowercase letters, digits and "-", starting with a letter); the construct id "123" does not give one; pass name explicitly');
  });

  test('fails when the explicit name is invalid', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { name: '1api' }))
      .toThrow('name "1api" is not a valid Service name (lowercase letters, digits and "-", starting with a letter); pass a valid name');
  });

  test('fails when a Service name is longer than 63 characters', () => {
    const b = new ResilientBackend(shopChart(), 'api', { name: 'a'.repeat(60) });
    expect(() => b.addVersion({ version: 'v10', image: 'img' }))
      .toThrow(`service name "${'a'.repeat(60)}-v10" is 64 characters long, at most 63 are allowed; shorten the backend name or the version`);
  });

  test('fails when a port is out of range, with the shared port wording and the fix', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { port: 0 }))
      .toThrow('[shop/api] port must be an integer between 1 and 65535, got 0; pass the Service port that routes send traffic to, e.g. 80');
    expect(() => new ResilientBackend(shopChart(), 'api', { containerPort: 70000 }))
      .toThrow('[shop/api] containerPort must be an integer between 1 and 65535, got 70000; pass the port the container listens on, e.g. 8080');
    expect(() => new ResilientBackend(shopChart(), 'api', { port: 80.5 }))
      .toThrow('[shop/api] port must be an integer between 1 and 65535, got 80.5');
  });

  test('fails when appProtocol is unknown', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { appProtocol: 'udp' as AppProtocol }))
      .toThrow('appProtocol must be one of http, http2, grpc, tcp, tls, got "udp"');
  });

  test('fails when clusterDomain is invalid', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { clusterDomain: 'Cluster Local' }))
      .toThrow('clusterDomain "Cluster Local" is not a valid DNS domain, e.g. "cluster.local"');
  });

  test('fails when replicas are negative or fractional', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { replicas: -1 })).toThrow('replicas must be a whole number >= 0, got -1');
    const b = new ResilientBackend(shopChart(), 'api');
    expect(() => b.addVersion({ version: 'v1', image: 'img', replicas: 1.5 })).toThrow('[shop/api/v1] replicas must be a whole number >= 0, got 1.5');
  });

  test('fails when readinessPath is not an absolute path', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { readinessPath: 'healthz' }))
      .toThrow('readinessPath must be an absolute HTTP path starting with "/", got "healthz"');
  });

  test('fails when readinessPath and readiness are both set', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { readinessPath: '/ready', readiness: kplus.Probe.fromCommand(['true']) }))
      .toThrow('set either readinessPath or readiness, not both');
  });

  test('fails when readinessPath is set on a non-HTTP port', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { readinessPath: '/ready', appProtocol: AppProtocol.TCP }))
      .toThrow('readinessPath needs an HTTP port, but appProtocol is tcp; pass a readiness probe instead');
  });

  test('fails when exportTo entries are invalid', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { exportTo: ['Istio'] }))
      .toThrow('exportTo entry "Istio" must be ".", "*", "~" or a namespace name');
    expect(() => new ResilientBackend(shopChart(), 'api', { exportTo: ['.', '.'] }))
      .toThrow('exportTo has duplicate entries: ., .');
    expect(() => new ResilientBackend(shopChart(), 'api', { exportTo: ['*', 'shop'] }))
      .toThrow('exportTo "*" cannot be combined with other entries, got *, shop');
  });

  test('fails when a version name is invalid', () => {
    const b = new ResilientBackend(shopChart(), 'api');
    expect(() => b.addVersion({ version: 'V1', image: 'img' }))
      .toThrow('[shop/api] version "V1" must be lowercase letters, digits and "-" (a label value usable in names), e.g. "v1"');
    expect(() => b.addVersion({ version: 'v1.2', image: 'img' })).toThrow('version "v1.2" must be lowercase');
  });

  test('fails when a version is added twice', () => {
    const b = new ResilientBackend(shopChart(), 'api', { versions: [echo('v1')] });
    expect(() => b.addVersion(echo('v1'))).toThrow('[shop/api] version "v1" is already defined; each version needs a distinct name');
  });

  test('fails when the image is empty', () => {
    const b = new ResilientBackend(shopChart(), 'api');
    expect(() => b.addVersion({ version: 'v1', image: ' ' }))
      .toThrow('[shop/api/v1] image must be a container image reference without spaces, e.g. "ghcr.io/acme/api:1.4", got " "');
  });

  test('fails when a version is unknown, naming the known ones', () => {
    const b = new ResilientBackend(shopChart(), 'api', { versions: [echo('v1'), echo('v2')] });
    expect(() => b.version('v3')).toThrow('[shop/api] unknown version "v3"; known versions: "v1", "v2"');
    expect(() => new ResilientBackend(shopChart(), 'x').version('v1')).toThrow('unknown version "v1"; known versions: none');
  });

  test('fails when two backends claim the same Service name', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { versions: [echo('v1')] });
    expect(() => new ResilientBackend(chart, 'api2', { name: 'api', versions: [echo('v1')] }))
      .toThrow('[shop/api2/v1] Service name "api-v1" in namespace "shop" is already used by shop/api/v1; pass a different name');
    new ResilientBackend(chart, 'a', { versions: [echo('v1')] });
    expect(() => new ResilientBackend(chart, 'av1', { name: 'a-v1', sharedService: true }))
      .toThrow('[shop/av1] Service name "a-v1" in namespace "shop" is already used by shop/a/v1');
  });

  test('the same name in two namespaces or two apps is fine', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { versions: [echo('v1')] });
    expect(() => new ResilientBackend(chart, 'api2', { name: 'api', namespace: 'other', versions: [echo('v1')] })).not.toThrow();
    expect(() => new ResilientBackend(shopChart(), 'api', { versions: [echo('v1')] })).not.toThrow();
  });

  test('fails synthesis when a backend has no versions', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api');
    expect(() => Testing.synth(chart)).toThrow('backend has no versions; pass versions or call addVersion()');
  });
});

describe('ResilientBackend security overrides', () => {
  test('an image that must run as root: one securityContext override relaxes the pod and the container', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'web', {
      securityContext: { ensureNonRoot: false, user: 0, group: 0, readOnlyRootFilesystem: false },
      versions: [{ version: 'v1', image: 'nginx:1.27' }],
    });
    const pod = single(chart, 'Deployment', 'web-v1').spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(false);
    expect(pod.containers[0].securityContext).toMatchObject({
      runAsNonRoot: false, runAsUser: 0, readOnlyRootFilesystem: false, allowPrivilegeEscalation: false,
    });
  });
});
