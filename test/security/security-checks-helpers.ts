import { Check } from '../../src/analysis/checks/check';
import { ExternalObjects } from '../../src/gateway-api/external-objects';
import { ManifestSet } from '../../src/manifests/manifest-set';

/** A Gateway `edge` in `shop` with an HTTP listener, and an HTTPRoute on `/api` for shop.example.com. */
export const GATEWAY_AND_ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: shop }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: api, namespace: shop }
spec:
  parentRefs: [{ name: edge }]
  hostnames: [shop.example.com]
  rules: [{ matches: [{ path: { type: PathPrefix, value: /api } }], backendRefs: [{ name: api, port: 80 }] }]
`;

/** Runs a check over YAML documents, as `severity id object path` lines. */
export function findings(check: Check, yaml: string, externals: string[] = []): string[] {
  return check.run(ManifestSet.fromYaml(yaml), { externals: ExternalObjects.parse(externals) })
    .map((f) => `${f.severity} ${f.id} ${f.object} ${f.path ?? ''}`.trim());
}

/** Runs a check and returns the findings themselves. */
export function details(check: Check, yaml: string) {
  return check.run(ManifestSet.fromYaml(yaml));
}
