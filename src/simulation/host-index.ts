import { AttachedRoute } from './attachment';
import { isWildcard } from '../gateway-api/hostnames';
import { pushTo } from '../internal/map-lists';

/** Attached routes by exact hostname; the routes with a wildcard hostname or none are read for every host. */
interface HostIndex {
  readonly exact: Map<string, number[]>;
  readonly others: number[];
}

const indexes = new WeakMap<readonly AttachedRoute[], HostIndex>();

/**
 * The attached routes that can serve `host`, in their order: those with the
 * host among their hostnames (`hostMatches` compares a non-wildcard hostname
 * exactly), and those with a wildcard hostname or none. A request then reads
 * the routes of its host, not every route of the listener. The index is
 * built once per attachment list.
 */
export function routesForHost(routes: readonly AttachedRoute[], host: string): AttachedRoute[] {
  let index = indexes.get(routes);
  if (!index) {
    index = build(routes);
    indexes.set(routes, index);
  }
  const exact = index.exact.get(host) ?? [];
  const picked = index.others.length === 0 ? exact : [...exact, ...index.others].sort((a, b) => a - b);
  return picked.map((i) => routes[i]);
}

function build(routes: readonly AttachedRoute[]): HostIndex {
  const exact = new Map<string, number[]>();
  const others: number[] = [];
  routes.forEach((r, i) => {
    if (r.hostnames.length === 0 || r.hostnames.some(isWildcard)) {
      others.push(i);
      return;
    }
    for (const h of new Set(r.hostnames)) pushTo(exact, h, i);
  });
  return { exact, others };
}
