import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import { backendRefsOf, isServiceRef, managedElsewhere, managesKindIn, refOf, routesOf } from './model';

/**
 * IGW1004: a route's backendRef (or RequestMirror backend) names a Service
 * that is not in the set, or a port the Service does not expose. The gateway
 * then answers 500 for that backend's share (`BackendNotFound`).
 */
export const backendServiceNotFound: Check = {
  id: 'IGW1004',
  title: 'backend Service missing or port not exposed by it',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    for (const route of routesOf(set)) {
      for (const b of backendRefsOf(set, route).filter(isServiceRef)) {
        const svcRef = refOf('Service', b.namespace, b.name);
        const svc = set.find('Service', '', b.namespace, b.name);
        const what = b.mirror ? 'mirror backend' : 'backendRef';
        if (!svc) {
          if (externals.has('Service', b.namespace, b.name)) continue;
          const known = managesKindIn(set, '', 'Service', b.namespace);
          out.push(findingOf(this, route, {
            path: b.path,
            severity: known ? Severity.ERROR : Severity.WARNING,
            message: known
              ? `${what} names ${svcRef}, which is not in the manifests`
              : `${what} names ${svcRef}, which is not in the manifests (${managedElsewhere('Service', b.namespace)})`,
            fix: known ? `fix the backend name or namespace, or add ${svcRef}` : `make sure ${svcRef} exists in the cluster, or fix the backend`,
          }));
          continue;
        }
        if (b.port === undefined || svc.object.spec?.type === 'ExternalName') continue;
        const ports: any[] = Array.isArray(svc.object.spec?.ports) ? svc.object.spec.ports : [];
        if (ports.some((p) => Number(p?.port) === b.port)) continue;
        const byTarget = ports.find((p) => Number(p?.targetPort) === b.port);
        const exposed = ports.map((p) => String(p?.port)).join(', ');
        out.push(findingOf(this, route, {
          path: `${b.path}.port`,
          message: `${what} port ${b.port} is not exposed by ${svcRef} (ports: ${exposed || 'none'})`,
          fix: byTarget
            ? `use the Service port ${byTarget.port}, not the container port ${b.port}`
            : ports.length > 0 ? `use one of the Service ports (${exposed}) or add port ${b.port} to ${svcRef}` : `add port ${b.port} to ${svcRef}`,
        }));
      }
    }
    return out;
  },
};
