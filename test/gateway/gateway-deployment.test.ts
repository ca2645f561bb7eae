import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { parse } from 'yaml';
import { GatewayAddress, GatewayServiceType, IngressGateway, IngressGatewayProps, ManifestSet } from '../../src';
import { SchemaValidator } from '../../src/analysis/schema/schema-validator';
import {
  GatewayDeploymentOptions, GatewayDisruptionBudget, GatewayExternalTrafficPolicy,
} from '../../src/gateway/deployment/gateway-deployment-options';
import { ISTIO_OVERLAY_KEYS } from '../../src/gateway/deployment/gateway-options-config-map';
import { cidrProblem, quantityValue } from '../../src/gateway/deployment/quantities';
import { shopChart, single } from '../chart';

/** The ConfigMap data, each key parsed from its YAML string. */
function overlays(chart: Chart, name = 'edge-options'): { [key: string]: any } {
  const cm = single(chart, 'ConfigMap', name);
  const out: { [key: string]: any } = {};
  for (const [k, v] of Object.entries(cm.data as { [key: string]: string })) {
    expect(typeof v).toBe('string');
    out[k] = parse(v);
  }
  return out;
}

const validator = new SchemaValidator();

/** Schema and CEL errors of synthesized objects. */
function errors(objects: any[]): unknown[] {
  return validator.validate(ManifestSet.fromObjects(objects)).filter((f) => f.severity === 'error');
}

function gateway(deployment: GatewayDeploymentOptions, props: IngressGatewayProps = {}): Chart {
  const chart = shopChart();
  new IngressGateway(chart, 'edge', { ...props, deployment });
  return chart;
}

const production: GatewayDeploymentOptions = {
  autoscaling: { minReplicas: 2, maxReplicas: 10, targetCpuUtilizationPercent: 70 },
  disruptionBudget: GatewayDisruptionBudget.maxUnavailable(1),
  resources: {
    cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
    memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) },
  },
  spreadAcrossZones: true,
  nodeSelector: { 'node-role.kubernetes.io/ingress': 'true', 'kubernetes.io/os': 'linux' },
  tolerations: [kplus.NodeTaintQuery.is('dedicated', 'ingress', { effect: kplus.TaintEffect.NO_SCHEDULE })],
  externalTrafficPolicy: GatewayExternalTrafficPolicy.LOCAL,
  loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'],
};

describe('IngressGateway deployment options', () => {
  test('write one ConfigMap <gateway>-options in the gateway namespace, named by spec.infrastructure.parametersRef', () => {
    const chart = gateway(production);
    const cm = single(chart, 'ConfigMap');
    expect(cm.apiVersion).toBe('v1');
    expect(cm.metadata).toEqual({ name: 'edge-options', namespace: 'shop' });
    const gw = single(chart, 'Gateway');
    expect(gw.spec.infrastructure).toEqual({ parametersRef: { group: '', kind: 'ConfigMap', name: 'edge-options' } });
  });

  test('the data keys are the overlay keys Istio accepts, each a YAML document', () => {
    const data = overlays(gateway(production));
    expect(Object.keys(data).sort()).toEqual(['deployment', 'horizontalPodAutoscaler', 'podDisruptionBudget', 'service']);
    for (const k of Object.keys(data)) expect(ISTIO_OVERLAY_KEYS).toContain(k);
    expect(ISTIO_OVERLAY_KEYS).toEqual(['deployment', 'service', 'serviceAccount', 'horizontalPodAutoscaler', 'podDisruptionBudget']);
  });

  test('deployment overlay: istio-proxy resources, node selector, tolerations and a zone spread on the gateway pod label', () => {
    const { deployment } = overlays(gateway(production));
    expect(deployment).toEqual({
      spec: {
        template: {
          spec: {
            containers: [{
              name: 'istio-proxy',
              resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '2', memory: '1024Mi' } },
            }],
            nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/ingress': 'true' },
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ingress', effect: 'NoSchedule' }],
            topologySpreadConstraints: [{
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge' } },
            }],
          },
        },
      },
    });
    // with autoscaling, the Deployment carries no replicas (the autoscaler owns them)
    expect(deployment.spec.replicas).toBeUndefined();
  });

  test('service overlay: externalTrafficPolicy and loadBalancerSourceRanges', () => {
    expect(overlays(gateway(production)).service).toEqual({
      spec: { externalTrafficPolicy: 'Local', loadBalancerSourceRanges: ['203.0.113.0/24', '2001:db8::/32'] },
    });
  });

  test('horizontalPodAutoscaler overlay: min, max and a CPU utilization metric (80 by default)', () => {
    expect(overlays(gateway(production)).horizontalPodAutoscaler).toEqual({
      spec: {
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    });
    const hpa = overlays(gateway({ autoscaling: { minReplicas: 3, maxReplicas: 6 } })).horizontalPodAutoscaler;
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(80);
  });

  test('podDisruptionBudget overlay: the chosen field, and null deletes the other one from GatewayClass defaults', () => {
    expect(overlays(gateway(production)).podDisruptionBudget).toEqual({ spec: { maxUnavailable: 1, minAvailable: null } });
    const chart = gateway({ replicas: 3, disruptionBudget: GatewayDisruptionBudget.minAvailable(2) });
    expect(overlays(chart).podDisruptionBudget).toEqual({ spec: { minAvailable: 2, maxUnavailable: null } });
    expect(overlays(chart).deployment).toEqual({ spec: { replicas: 3 } });
  });

  test('only what is set is written: no empty overlays, and no ConfigMap or parametersRef when nothing is customized', () => {
    expect(Object.keys(overlays(gateway({ replicas: 2 })))).toEqual(['deployment']);
    expect(Object.keys(overlays(gateway({ externalTrafficPolicy: GatewayExternalTrafficPolicy.CLUSTER })))).toEqual(['service']);
    const chart = gateway({ loadBalancerSourceRanges: [], spreadAcrossZones: false });
    expect(Testing.synth(chart).filter((o: any) => o.kind === 'ConfigMap')).toEqual([]);
    expect(single(chart, 'Gateway').spec.infrastructure).toBeUndefined();
  });

  test('parametersRef sits beside infrastructure labels and annotations', () => {
    const chart = gateway({ replicas: 2 }, { infrastructureLabels: { team: 'edge' }, infrastructureAnnotations: { a: 'b' } });
    expect(single(chart, 'Gateway').spec.infrastructure).toEqual({
      labels: { team: 'edge' },
      annotations: { a: 'b' },
      parametersRef: { group: '', kind: 'ConfigMap', name: 'edge-options' },
    });
  });

  test('resources: memory that is not whole mebibytes is written in Ki; ephemeral storage is supported', () => {
    const { deployment } = overlays(gateway({
      resources: { memory: { request: Size.kibibytes(1536) }, ephemeralStorage: { limit: Size.gibibytes(2) } },
    }));
    expect(deployment.spec.template.spec.containers[0].resources).toEqual({
      requests: { memory: '1536Ki' },
      limits: { 'ephemeral-storage': '2048Mi' },
    });
  });

  test('output passes synth validation and schema checks, and is byte-identical across runs', () => {
    const run = () => JSON.stringify(Testing.synth(gateway(production)));
    expect(run()).toBe(run());
    expect(errors(Testing.synth(gateway(production)))).toEqual([]);
  });

  describe('manual deployment', () => {
    test('GatewayAddress.existingService() is a Hostname address with the Service FQDN', () => {
      const a = GatewayAddress.existingService('istio-ingressgateway', 'istio-system');
      expect(a.type).toBe('Hostname');
      expect(a.value).toBe('istio-ingressgateway.istio-system.svc.cluster.local');
      expect(GatewayAddress.existingService('gw', 'edge', 'corp.internal').value).toBe('gw.edge.svc.corp.internal');
      const chart = shopChart();
      new IngressGateway(chart, 'edge', { addresses: [a] });
      expect(single(chart, 'Gateway').spec.addresses).toEqual([{ type: 'Hostname', value: 'istio-ingressgateway.istio-system.svc.cluster.local' }]);
    });

    test('fails when existingService is given an invalid Service name, namespace or domain', () => {
      const gw = (a: GatewayAddress) => () => new IngressGateway(shopChart(), 'edge', { addresses: [a] });
      expect(gw(GatewayAddress.existingService('Istio_GW', 'istio-system'))).toThrow(
        /^\[shop\/edge\] addresses\[0\] GatewayAddress.existingService\("Istio_GW", "istio-system"\): "Istio_GW" is not a Service name/);
      expect(gw(GatewayAddress.existingService('gw', 'a.b'))).toThrow(/"a.b" is not a namespace name; .* e.g. "istio-system"/);
      expect(gw(GatewayAddress.existingService('gw', 'ns', 'bad_domain'))).toThrow(/"bad_domain" is not a cluster domain/);
      expect(() => GatewayAddress.existingService('1gw', 'ns')._toKube()).toThrow(/"1gw" is not a Service name/);
    });

    test('fails when deployment options are combined with an existing Service (Istio deploys nothing)', () => {
      expect(() => gateway({ replicas: 2 }, { addresses: [GatewayAddress.existingService('istio-ingressgateway', 'istio-system')] })).toThrow(
        '[shop/edge] deployment options are set, but with the Hostname address "istio-ingressgateway.istio-system.svc.cluster.local" this is a manual deployment');
    });

    test('fails when deployment options are combined with several addresses (also unmanaged)', () => {
      expect(() => gateway({ replicas: 2 }, { addresses: [GatewayAddress.ipAddress('10.0.0.1'), GatewayAddress.ipAddress('10.0.0.2')] }))
        .toThrow(/deployment options are set, but with 2 addresses this is a manual deployment/);
    });

    test('one IP address keeps the automated deployment, so options are allowed', () => {
      const chart = gateway({ replicas: 2 }, { addresses: [GatewayAddress.ipAddress('10.0.0.1')] });
      expect(overlays(chart).deployment).toEqual({ spec: { replicas: 2 } });
    });

    test('fails when deployment options are set on the istio-remote class', () => {
      expect(() => gateway({ replicas: 2 }, { gatewayClassName: 'istio-remote' })).toThrow(/gatewayClassName "istio-remote" uses a gateway deployed elsewhere/);
    });
  });

  describe('validation', () => {
    const fails = (deployment: GatewayDeploymentOptions, props: IngressGatewayProps = {}) => () => gateway(deployment, props);

    test('fails when minReplicas > maxReplicas', () => {
      expect(fails({ autoscaling: { minReplicas: 5, maxReplicas: 3 } })).toThrow(
        '[shop/edge] deployment.autoscaling.minReplicas (5) is greater than maxReplicas (3); raise maxReplicas to at least 5 or lower minReplicas');
    });

    test('fails when replicas and autoscaling are both set', () => {
      expect(fails({ replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 5 } })).toThrow(
        /^\[shop\/edge\] deployment.replicas \(3\) and deployment.autoscaling are both set: Istio would re-apply replicas on every reconcile and undo the autoscaler; drop replicas/);
    });

    test('fails when minReplicas < 1', () => {
      expect(fails({ autoscaling: { minReplicas: 0, maxReplicas: 3 } })).toThrow(/deployment.autoscaling.minReplicas must be a whole number >= 1, got 0/);
      expect(fails({ autoscaling: { minReplicas: 1.5, maxReplicas: 3 } })).toThrow(/minReplicas must be a whole number >= 1, got 1.5/);
    });

    test('fails when maxReplicas is not a whole number >= 1', () => {
      expect(fails({ autoscaling: { minReplicas: 1, maxReplicas: 0 } })).toThrow(/deployment.autoscaling.maxReplicas must be a whole number >= 1, got 0/);
    });

    test('fails when replicas is not a whole number >= 1', () => {
      expect(fails({ replicas: 0 })).toThrow(/deployment.replicas must be a whole number >= 1, got 0; a gateway with no pods drops all traffic/);
      expect(fails({ replicas: 2.5 })).toThrow(/got 2.5/);
    });

    test('fails when the target CPU is outside 1..100', () => {
      for (const t of [0, 101, 50.5]) {
        expect(fails({ autoscaling: { minReplicas: 2, maxReplicas: 4, targetCpuUtilizationPercent: t } })).toThrow(
          `deployment.autoscaling.targetCpuUtilizationPercent must be a whole number from 1 to 100 (percent of the CPU request), got ${t}; e.g. 80`);
      }
    });

    test('fails when the disruption budget blocks every eviction: maxUnavailable 0', () => {
      expect(fails({ replicas: 3, disruptionBudget: GatewayDisruptionBudget.maxUnavailable(0) })).toThrow(
        '[shop/edge] deployment.disruptionBudget GatewayDisruptionBudget.maxUnavailable(0): maxUnavailable 0 allows no eviction at all, so node drains and cluster upgrades would hang; use 1');
    });

    test('fails when the disruption budget blocks every eviction: minAvailable >= replicas', () => {
      expect(fails({ replicas: 2, disruptionBudget: GatewayDisruptionBudget.minAvailable(2) })).toThrow(
        '[shop/edge] deployment.disruptionBudget minAvailable 2 blocks every eviction, because replicas is 2: node drains and cluster upgrades would hang. '
        + 'Use GatewayDisruptionBudget.maxUnavailable(1), or run more pods (replicas or autoscaling.minReplicas >= 3)');
    });

    test('fails when the disruption budget blocks every eviction: minAvailable with 1 pod and no autoscaler', () => {
      expect(fails({ disruptionBudget: GatewayDisruptionBudget.minAvailable(1) })).toThrow(
        /minAvailable 1 blocks every eviction, because the gateway runs 1 pod \(no replicas or autoscaling set\)/);
    });

    test('fails when the disruption budget blocks every eviction: minAvailable >= autoscaling.minReplicas', () => {
      expect(fails({ autoscaling: { minReplicas: 2, maxReplicas: 6 }, disruptionBudget: GatewayDisruptionBudget.minAvailable(2) })).toThrow(
        /minAvailable 2 blocks every eviction, because autoscaling.minReplicas is 2/);
      // below the floor is fine
      expect(overlays(gateway({ autoscaling: { minReplicas: 3, maxReplicas: 6 }, disruptionBudget: GatewayDisruptionBudget.minAvailable(2) }))
        .podDisruptionBudget.spec.minAvailable).toBe(2);
    });

    test('fails when the disruption budget count is not a whole number >= 1', () => {
      expect(fails({ replicas: 3, disruptionBudget: GatewayDisruptionBudget.minAvailable(0) })).toThrow(/minAvailable 0 protects nothing/);
      expect(fails({ replicas: 3, disruptionBudget: GatewayDisruptionBudget.maxUnavailable(1.5) })).toThrow(
        /GatewayDisruptionBudget.maxUnavailable\(1.5\): pods must be a whole number >= 1, got 1.5/);
    });

    test('fails when a loadBalancerSourceRanges entry is not a CIDR', () => {
      expect(fails({ loadBalancerSourceRanges: ['10.0.0.0/8', '10.0.0.0'] })).toThrow(
        '[shop/edge] deployment.loadBalancerSourceRanges[1] "10.0.0.0" is not a CIDR: give an address and a prefix length, e.g. "203.0.113.0/24" or "2001:db8::/32"');
      expect(fails({ loadBalancerSourceRanges: ['10.0.0.0/33'] })).toThrow(/the prefix length must be 0 to 32/);
      expect(fails({ loadBalancerSourceRanges: ['300.0.0.0/8'] })).toThrow(/"300.0.0.0" is not an IP address/);
      expect(fails({ loadBalancerSourceRanges: ['2001:db8::/129'] })).toThrow(/0 to 128/);
    });

    test('fails when loadBalancerSourceRanges is set on a non-LoadBalancer Service', () => {
      expect(fails({ loadBalancerSourceRanges: ['10.0.0.0/8'] }, { serviceType: GatewayServiceType.NODE_PORT })).toThrow(
        /deployment.loadBalancerSourceRanges needs a LoadBalancer Service, but serviceType is NodePort; the API server rejects it there/);
    });

    test('fails when externalTrafficPolicy Local is set with a ClusterIP Service', () => {
      expect(fails({ externalTrafficPolicy: GatewayExternalTrafficPolicy.LOCAL }, { serviceType: GatewayServiceType.CLUSTER_IP })).toThrow(
        '[shop/edge] deployment.externalTrafficPolicy Local needs a LoadBalancer or NodePort Service, but serviceType is ClusterIP; '
        + 'the API server rejects it there. Drop externalTrafficPolicy, or use another serviceType');
      // NodePort is externally accessible
      expect(overlays(gateway({ externalTrafficPolicy: GatewayExternalTrafficPolicy.LOCAL }, { serviceType: GatewayServiceType.NODE_PORT })).service)
        .toEqual({ spec: { externalTrafficPolicy: 'Local' } });
    });

    test('fails when externalTrafficPolicy is not a known value', () => {
      expect(fails({ externalTrafficPolicy: 'Nearby' as GatewayExternalTrafficPolicy })).toThrow(/"Nearby" is not one of Cluster, Local/);
    });

    test('fails when a resource quantity does not parse', () => {
      expect(fails({ resources: { cpu: { request: kplus.Cpu.millis(NaN) } } })).toThrow(
        '[shop/edge] deployment.resources cpu request "NaNm" is not a valid non-negative quantity; use e.g. Cpu.millis(500) or Size.mebibytes(256)');
      expect(fails({ resources: { cpu: { limit: kplus.Cpu.units(-1) } } })).toThrow(/cpu limit "-1" is not a valid non-negative quantity/);
    });

    test('fails when a request is greater than its limit', () => {
      expect(fails({ resources: { cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.millis(500) } } })).toThrow(
        '[shop/edge] deployment.resources cpu request 2 is greater than its limit 500m; the API server rejects the pod. Raise the limit or lower the request');
      expect(fails({ resources: { memory: { request: Size.gibibytes(2), limit: Size.mebibytes(512) } } })).toThrow(
        /memory request 2048Mi is greater than its limit 512Mi/);
    });

    test('fails when a nodeSelector label is invalid', () => {
      expect(fails({ nodeSelector: { 'bad key!': 'x' } })).toThrow(/deployment.nodeSelector key "bad key!" is not a valid label key/);
      expect(fails({ nodeSelector: { zone: 'a b' } })).toThrow(/deployment.nodeSelector zone="a b" has an invalid value/);
    });
  });

  describe('value helpers', () => {
    test('quantities parse as the API server does', () => {
      expect(quantityValue('500m')).toBeCloseTo(0.5);
      expect(quantityValue('1Gi')).toBe(2 ** 30);
      expect(quantityValue('1e3')).toBe(1000);
      expect(quantityValue('.5')).toBe(0.5);
      expect(quantityValue('1.5Mi')).toBe(1.5 * 2 ** 20);
      for (const bad of ['', 'abc', '1Gb', '1 Gi', 'NaN', '-1', '1..2']) expect(quantityValue(bad)).toBeUndefined();
    });

    test('CIDRs', () => {
      for (const ok of ['0.0.0.0/0', '10.0.0.0/8', '::/0', '2001:db8::/32', '192.168.1.7/32']) expect(cidrProblem(ok)).toBeUndefined();
      for (const bad of ['10.0.0.0/', '10.0.0.0/08', '010.0.0.0/8', 'fe80::1%eth0/64', 'host/8', '10.0.0.0/-1']) expect(cidrProblem(bad)).toBeDefined();
    });
  });

  test('property: every generated valid option set synthesizes and passes validation', () => {
    const scale = fc.oneof(
      fc.record({ replicas: fc.integer({ min: 1, max: 20 }) }),
      fc.integer({ min: 1, max: 10 }).chain((min) => fc.record({
        autoscaling: fc.record({
          minReplicas: fc.constant(min),
          maxReplicas: fc.integer({ min, max: 30 }),
          targetCpuUtilizationPercent: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        }),
      })),
      fc.constant({}),
    );
    const octet = fc.integer({ min: 0, max: 255 });
    const cidr = fc.oneof(
      fc.tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
      fc.integer({ min: 0, max: 128 }).map((p) => `2001:db8::/${p}`),
    );
    const cpuMillis = fc.integer({ min: 1, max: 4000 });
    const mebibytes = fc.integer({ min: 1, max: 8192 });
    const spec = fc.record({
      scale,
      budget: fc.constantFrom('none', 'maxUnavailable', 'minAvailable'),
      cpu: fc.option(fc.tuple(cpuMillis, cpuMillis), { nil: undefined }),
      memory: fc.option(fc.tuple(mebibytes, mebibytes), { nil: undefined }),
      spreadAcrossZones: fc.boolean(),
      nodeSelector: fc.dictionary(fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/), fc.stringMatching(/^[a-z0-9]{0,8}$/), { maxKeys: 3 }),
      tolerate: fc.boolean(),
      serviceType: fc.option(fc.constantFrom(...Object.values(GatewayServiceType)), { nil: undefined }),
      local: fc.boolean(),
      ranges: fc.array(cidr, { maxLength: 3 }),
    });

    fc.assert(fc.property(spec, (s) => {
      const floor = (s.scale as any).replicas ?? (s.scale as any).autoscaling?.minReplicas ?? 1;
      const lb = (s.serviceType ?? GatewayServiceType.LOAD_BALANCER) === GatewayServiceType.LOAD_BALANCER;
      const options: GatewayDeploymentOptions = {
        ...s.scale,
        disruptionBudget: s.budget === 'maxUnavailable' ? GatewayDisruptionBudget.maxUnavailable(1)
          : s.budget === 'minAvailable' && floor > 1 ? GatewayDisruptionBudget.minAvailable(floor - 1) : undefined,
        resources: {
          cpu: s.cpu ? { request: kplus.Cpu.millis(Math.min(...s.cpu)), limit: kplus.Cpu.millis(Math.max(...s.cpu)) } : undefined,
          memory: s.memory ? { request: Size.mebibytes(Math.min(...s.memory)), limit: Size.mebibytes(Math.max(...s.memory)) } : undefined,
        },
        spreadAcrossZones: s.spreadAcrossZones,
        nodeSelector: s.nodeSelector,
        tolerations: s.tolerate ? [kplus.NodeTaintQuery.exists('dedicated')] : undefined,
        externalTrafficPolicy: s.local && s.serviceType !== GatewayServiceType.CLUSTER_IP ? GatewayExternalTrafficPolicy.LOCAL : undefined,
        loadBalancerSourceRanges: lb ? s.ranges : undefined,
      };
      const chart = new Chart(Testing.app(), 'c', { namespace: 'edge' });
      new IngressGateway(chart, 'gw', { serviceType: s.serviceType, deployment: options });
      const objects = Testing.synth(chart);
      expect(errors(objects)).toEqual([]);
      const cm = objects.find((o: any) => o.kind === 'ConfigMap');
      const gw = objects.find((o: any) => o.kind === 'Gateway');
      if (cm) {
        expect(gw.spec.infrastructure.parametersRef).toEqual({ group: '', kind: 'ConfigMap', name: cm.metadata.name });
        for (const [k, v] of Object.entries(cm.data as { [key: string]: string })) {
          expect(ISTIO_OVERLAY_KEYS).toContain(k);
          expect(parse(v)).toHaveProperty('spec');
        }
      } else {
        expect(gw.spec.infrastructure).toBeUndefined();
      }
    }), { numRuns: 150 });
  });
});
