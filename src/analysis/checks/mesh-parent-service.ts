import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, CheckContext, externalsOf, findingOf } from './check';
import { managedElsewhere, managesKindIn, parentRefsOf, refOf, routesOf } from './model';

/**
 * IGW1018: a mesh (GAMMA) route's parentRef to a Service: with a group other
 * than `""` (a parentRef without group defaults to
 * `gateway.networking.k8s.io`, so `kind: Service` alone names no Service), to
 * a Service that is not in the set, or to a port the Service does not expose.
 */
export const meshParentService: Check = {
  id: 'IGW1018',
  title: 'mesh route parentRef to a Service without group "" or to a missing Service or port',
  severity: Severity.ERROR,
  run(set: ManifestSet, context?: CheckContext): Finding[] {
    const externals = externalsOf(context);
    const out: Finding[] = [];
    for (const route of routesOf(set)) {
      for (const p of parentRefsOf(set, route).filter((x) => x.kind === 'Service')) {
        const svcRef = refOf('Service', p.namespace, p.name);
        if (p.group !== '') {
          out.push(findingOf(this, route, {
            path: `${p.path}.group`,
            message: `parentRef to Service "${p.name}" has group "${p.group}"${route.object.spec.parentRefs[p.index]?.group === undefined ? ' (the default)' : ''}; `
              + 'a mesh (GAMMA) parent Service needs group ""',
            fix: 'set group: "" on the parentRef',
          }));
          continue;
        }
        const svc = set.find('Service', '', p.namespace, p.name);
        if (!svc) {
          if (externals.has('Service', p.namespace, p.name)) continue;
          const known = managesKindIn(set, '', 'Service', p.namespace);
          out.push(findingOf(this, route, {
            path: p.path,
            severity: known ? Severity.ERROR : Severity.WARNING,
            message: `parentRef names ${svcRef}, which is not in the manifests` + (known ? '' : ` (${managedElsewhere('Service', p.namespace)})`),
            fix: known ? `fix the parentRef name or namespace, or add ${svcRef}` : `make sure ${svcRef} exists in the cluster, or fix the parentRef`,
          }));
          continue;
        }
        if (p.port === undefined) continue;
        const ports: any[] = Array.isArray(svc.object.spec?.ports) ? svc.object.spec.ports : [];
        if (ports.some((x) => Number(x?.port) === p.port)) continue;
        out.push(findingOf(this, route, {
          path: `${p.path}.port`,
          message: `parentRef port ${p.port} is not exposed by ${svcRef} (ports: ${ports.map((x) => x?.port).join(', ') || 'none'})`,
          fix: 'use one of the Service ports, or leave port unset to attach to all of them',
        }));
      }
    }
    return out;
  },
};
