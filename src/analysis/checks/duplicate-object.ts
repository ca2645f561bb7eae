import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';

/**
 * IGW1017: the same object (API group, kind, namespace, name) is defined more
 * than once. Applying the manifests keeps only the last one, and the checks
 * (which look objects up by name) see only one of them.
 */
export const duplicateObject: Check = {
  id: 'IGW1017',
  title: 'the same object is defined more than once',
  severity: Severity.ERROR,
  run(set: ManifestSet): Finding[] {
    const out: Finding[] = [];
    const first = new Map<string, Manifest>();
    for (const m of set.all) {
      const key = `${m.group}|${m.kind}|${set.namespaceOf(m)}|${m.name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, m);
        continue;
      }
      out.push(findingOf(this, m, {
        path: 'metadata.name',
        message: `${m.kind} "${m.name}"${set.namespaceOf(m) ? ` in namespace "${set.namespaceOf(m)}"` : ''} is also defined at ${earlier.location}${earlier.line !== undefined ? `:${earlier.line}` : ''}; applying both keeps only the last one`,
        fix: 'rename one of them, or remove the duplicate',
      }));
    }
    return out;
  },
};
