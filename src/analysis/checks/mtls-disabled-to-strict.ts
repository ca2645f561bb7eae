import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { destinationRuleTarget, ISTIO_NETWORKING_GROUP } from './destination-rule-host';
import { refOf } from './model';
import { policySelector, ROOT_NAMESPACE, SECURITY_GROUP } from './security-model';

/**
 * The namespace-wide mTLS mode of `namespace`: its own PeerAuthentication
 * without a selector, else the mesh-wide one in the root namespace.
 * Istio uses the oldest when several exist; the set has no timestamps, so
 * the first one read is taken.
 */
function namespaceMode(set: ManifestSet, namespace: string): { mode: string; policy: Manifest } | undefined {
  const wide = set.ofKind('PeerAuthentication', SECURITY_GROUP).filter((pa) => !policySelector(pa));
  const own = wide.find((pa) => set.namespaceOf(pa) === namespace && typeof pa.object.spec?.mtls?.mode === 'string' && pa.object.spec.mtls.mode !== 'UNSET');
  if (own) return { mode: own.object.spec.mtls.mode, policy: own };
  const mesh = wide.find((pa) => set.namespaceOf(pa) === ROOT_NAMESPACE && typeof pa.object.spec?.mtls?.mode === 'string');
  return mesh ? { mode: mesh.object.spec.mtls.mode, policy: mesh } : undefined;
}

/**
 * IGW1044: a DestinationRule whose TLS mode is DISABLE (for all ports or a
 * port) toward a Service whose namespace requires mutual TLS (a STRICT
 * PeerAuthentication in the namespace, or mesh-wide). Clients then send
 * plain text that the server sidecar refuses: every request fails
 * (503, "upstream connect error ... connection reset").
 * @see https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule
 */
export const mtlsDisabledToStrict: Check = {
  id: 'IGW1044',
  title: 'DestinationRule disables TLS toward a namespace with STRICT mTLS',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    for (const dr of set.ofKind('DestinationRule', ISTIO_NETWORKING_GROUP)) {
      const target = destinationRuleTarget(set, dr);
      if (!target?.service) continue;
      const policy = namespaceMode(set, target.service.namespace);
      if (policy?.mode !== 'STRICT') continue;
      const tp = dr.object.spec?.trafficPolicy;
      const paths: string[] = [];
      if (tp?.tls?.mode === 'DISABLE') paths.push('spec.trafficPolicy.tls.mode');
      if (Array.isArray(tp?.portLevelSettings)) {
        tp.portLevelSettings.forEach((p: any, i: number) => {
          if (p?.tls?.mode === 'DISABLE') paths.push(`spec.trafficPolicy.portLevelSettings[${i}].tls.mode`);
        });
      }
      for (const path of paths) {
        out.push(findingOf(this, dr, {
          path,
          message: `TLS mode DISABLE sends plain text to ${refOf('Service', target.service.namespace, target.service.name)}, `
            + `but ${refOf('PeerAuthentication', set.namespaceOf(policy.policy), policy.policy.name)} requires mutual TLS (STRICT), so every request fails`,
          fix: 'use tls mode ISTIO_MUTUAL (or remove tls and let Istio choose mTLS), or set a PERMISSIVE port-level exception on the server',
        }));
      }
    }
    return out;
  },
};
