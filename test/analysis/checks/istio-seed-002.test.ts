import { Check } from '../../../src/analysis/checks/check';
import { istioGatewaySameProxy } from '../../../src/analysis/checks/istio-gateway-same-proxy';
import { istioRouteVirtualServiceOverlap } from '../../../src/analysis/checks/istio-route-vs-overlap';
import { istioVirtualServiceGateway } from '../../../src/analysis/checks/istio-vs-gateway';
import { istioVirtualServiceSameHost } from '../../../src/analysis/checks/istio-vs-same-host';
import { istioVirtualServiceSubset } from '../../../src/analysis/checks/istio-vs-subset';
import { istioUnreachableRule } from '../../../src/analysis/checks/istio-vs-unreachable-rule';
import { ManifestSet } from '../../../src/manifests/manifest-set';
import { SEED_002_ISTIO_YAML } from '../../fixtures/seed-002';

const ISTIO_CHECKS: Check[] = [
  istioVirtualServiceSubset, istioVirtualServiceGateway, istioVirtualServiceSameHost, istioUnreachableRule,
  istioRouteVirtualServiceOverlap, istioGatewaySameProxy,
];

const SEED_YAML = SEED_002_ISTIO_YAML;

const runAll = (yaml: string) => ISTIO_CHECKS.flatMap((c) => c.run(ManifestSet.fromYaml(yaml, 'seed-002.yaml')))
  .map((f) => `${f.severity} ${f.id} ${f.object} ${f.path}`);

describe('Istio checks on seed 002', () => {
  test('the seed as printed has no finding', () => {
    expect(runAll(SEED_YAML)).toEqual([]);
  });

  test('a migrated Gateway API Gateway left on istio-ingressgateway next to the Istio Gateways conflicts with both', () => {
    const migrated = `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: bookinfo, namespace: istio-system }
spec:
  gatewayClassName: istio
  addresses: [{ type: Hostname, value: istio-ingressgateway.istio-system.svc.cluster.local }]
  listeners:
  - { name: http, port: 80, protocol: HTTP, hostname: bookinfo.example.com }
  - name: https
    port: 443
    protocol: HTTPS
    hostname: bookinfo.example.com
    tls: { certificateRefs: [{ name: bookinfo-secret }] }
`;
    expect(runAll(SEED_YAML + migrated).sort()).toEqual([
      'error IGW1065 Gateway istio-system/bookinfo-gateway-tls spec.servers[0]',
      'warning IGW1065 Gateway istio-system/bookinfo-gateway spec.servers[0]',
    ]);
  });
});
