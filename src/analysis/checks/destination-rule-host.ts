import { fqdnOf, serviceOfFqdn } from '../../istio-api/istio-hosts';
import { ISTIO_NETWORKING_GROUP } from '../../istio-api/istio-model';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import { hostnamesIntersect, managedElsewhere, managesKindIn, refOf } from './model';

/** The Istio networking API group. */
export { ISTIO_NETWORKING_GROUP };

/** What a DestinationRule host refers to. */
export interface DestinationRuleTarget {
  /** The Service namespace and name, when the host names a Kubernetes Service. */
  readonly service?: { namespace: string; name: string };
  /** The host as Istio reads it. */
  readonly host: string;
}

/**
 * Resolves a DestinationRule host the way Istio does (src/istio-api/istio-hosts.ts
 * `fqdnOf`, `serviceOfFqdn`): a name without dots is a Service in the
 * DestinationRule's namespace; `<svc>.<ns>.svc.cluster.local` is a Service;
 * any other host is taken literally.
 */
export function destinationRuleTarget(set: ManifestSet, dr: Manifest): DestinationRuleTarget | undefined {
  const host = dr.object.spec?.host;
  if (typeof host !== 'string' || host === '') return undefined;
  const service = serviceOfFqdn(fqdnOf(host, set.namespaceOf(dr)));
  return service ? { host, service } : { host };
}

/**
 * IGW1010: a DestinationRule host that matches no Service (short names
 * resolve in the DestinationRule's namespace; FQDNs are
 * `<svc>.<ns>.svc.cluster.local`) and no ServiceEntry host in the set. The
 * traffic policy then silently applies to nothing (istioctl IST0174).
 */
export const destinationRuleHost: Check = {
  id: 'IGW1010',
  title: 'DestinationRule host matches no Service',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    const entryHosts: string[] = set.ofKind('ServiceEntry', ISTIO_NETWORKING_GROUP)
      .flatMap((se) => (Array.isArray(se.object.spec?.hosts) ? se.object.spec.hosts : []))
      .filter((h: any) => typeof h === 'string');
    for (const dr of set.ofKind('DestinationRule', ISTIO_NETWORKING_GROUP)) {
      const target = destinationRuleTarget(set, dr);
      if (!target) continue;
      if (entryHosts.some((h) => hostnamesIntersect(h, target.host))) continue;
      if (target.service) {
        const { namespace, name } = target.service;
        if (set.find('Service', '', namespace, name) || externals.has('Service', namespace, name)) continue;
        const svcRef = refOf('Service', namespace, name);
        const sameName = set.ofKind('Service', '').filter((svc) => svc.name === name).map((svc) => `${name}.${set.namespaceOf(svc)}.svc.cluster.local`);
        const known = sameName.length > 0 || managesKindIn(set, '', 'Service', namespace);
        out.push(findingOf(this, dr, {
          path: 'spec.host',
          severity: known ? Severity.ERROR : Severity.WARNING,
          message: `host "${target.host}" resolves to ${svcRef}, which is not in the manifests`
            + (known ? '' : ` (${managedElsewhere('Service', namespace)})`),
          fix: sameName.length > 0
            ? `a short host resolves in the DestinationRule's namespace; write the full name ${sameName.map((h) => `"${h}"`).join(' or ')}`
            : `set host to an existing Service as <name>.<namespace>.svc.cluster.local, or add ${svcRef}`,
        }));
        continue;
      }
      if (target.host.includes('*')) continue;
      const parts = target.host.split('.');
      const looksLikeService = parts.length === 2 || (parts.length === 3 && parts[2] === 'svc');
      out.push(findingOf(this, dr, {
        path: 'spec.host',
        severity: looksLikeService ? Severity.ERROR : Severity.WARNING,
        message: looksLikeService
          ? `host "${target.host}" is neither a short Service name nor a full one; istio does not expand it, so it matches no Service`
          : `host "${target.host}" matches no Service and no ServiceEntry in the manifests`,
        fix: looksLikeService
          ? `write the full name "${parts[0]}.${parts[1]}.svc.cluster.local"`
          : 'add a ServiceEntry for the host, or point host at a Service as <name>.<namespace>.svc.cluster.local',
      }));
    }
    return out;
  },
};
