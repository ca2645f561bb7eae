import * as path from 'path';
import { Check } from '../../../src/analysis/checks/check';
import { Finding } from '../../../src/analysis/finding';
import { ManifestSet } from '../../../src/manifests/manifest-set';

/** The fixture directory of the cross-object checks. */
export const FIXTURES = path.resolve(__dirname, '../../fixtures/checks');

/** Loads a fixture file of test/fixtures/checks. */
export function fixture(name: string): ManifestSet {
  return ManifestSet.fromPaths([path.join(FIXTURES, name)]);
}

/** Runs one check over a fixture and returns its findings sorted by object and path. */
export function run(check: Check, name: string): Finding[] {
  return check.run(fixture(name)).sort((a, b) => {
    const ka = `${a.object} ${a.path}`;
    const kb = `${b.object} ${b.path}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** The findings as `severity object path` lines, for compact assertions. */
export function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.id} ${f.object} ${f.path ?? ''}`.trim());
}

/** An HTTPRoute of `listenerSetYaml`: it attaches to ListenerSet `team` and forwards to a Service named like it. */
export interface ListenerSetRoute {
  readonly namespace: string;
  readonly name: string;
  /** Extra `spec` fields in YAML flow style, e.g. `hostnames: [a.example.com], `. */
  readonly spec?: string;
}

/**
 * YAML of Gateway `edge` in `gatewayNamespace` (one HTTP listener on port 80) that admits ListenerSets
 * (`allowedListeners.namespaces.from`), ListenerSet `team` in `listenerSetNamespace` with the given
 * listener (YAML flow style), and HTTPRoutes attached to that ListenerSet.
 */
export function listenerSetYaml(o: {
  gatewayNamespace: string; from: string; listenerSetNamespace: string; listener: string; routes: ListenerSetRoute[];
}): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: ${o.gatewayNamespace} }
spec: { gatewayClassName: istio, allowedListeners: { namespaces: { from: ${o.from} } }, listeners: [{ name: http, port: 80, protocol: HTTP }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: { name: team, namespace: ${o.listenerSetNamespace} }
spec: { parentRef: { name: edge, namespace: ${o.gatewayNamespace} }, listeners: [${o.listener}] }
` + o.routes.map((r) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${r.name}, namespace: ${r.namespace} }
spec: { parentRefs: [{ kind: ListenerSet, name: team, namespace: ${o.listenerSetNamespace} }], ${r.spec ?? ''}rules: [{ backendRefs: [{ name: ${r.name}, port: 80 }] }] }
`).join('');
}
