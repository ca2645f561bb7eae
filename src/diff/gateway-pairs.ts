/**
 * A gateway on the old side and the gateway on the new side that serves the
 * same traffic. One side is undefined when nothing pairs with the other.
 * @internal
 */
export interface GatewayPair {
  readonly old?: string;
  readonly new?: string;
}

/**
 * A gateway as pairing sees it: its key and the gateway names it stands
 * for (several Istio Gateways served by the same pods are one unit).
 * @internal
 */
export interface GatewayUnit {
  readonly key: string;
  readonly names: string[];
}

/**
 * Pairs the gateways of the two sides (unit keys): first the explicit
 * pairs (by any gateway name of a unit), then units that share a name,
 * then, when exactly one unit is left on each side, those two. Throws when
 * an explicit pair names a gateway that does not exist on its side.
 * @internal
 */
export function pairGateways(oldUnits: GatewayUnit[], newUnits: GatewayUnit[], explicit: { [oldGateway: string]: string } = {}): GatewayPair[] {
  const oldLeft = new Set(oldUnits.map((u) => u.key));
  const newLeft = new Set(newUnits.map((u) => u.key));
  const pairs: GatewayPair[] = [];
  const seen = new Set<string>();
  const given = Object.entries(explicit).map(([o, n]) => ({ old: resolve(o, oldUnits, 'old'), new: resolve(n, newUnits, 'new') }));
  for (const p of given.sort((a, b) => compare(a.old, b.old))) {
    if (seen.has(`${p.old} ${p.new}`)) continue;
    seen.add(`${p.old} ${p.new}`);
    pairs.push(p);
    oldLeft.delete(p.old);
    newLeft.delete(p.new);
  }
  for (const u of oldUnits.filter((x) => oldLeft.has(x.key)).sort((a, b) => compare(a.key, b.key))) {
    const partner = newUnits.find((n) => newLeft.has(n.key) && n.names.some((name) => u.names.includes(name)));
    if (partner) {
      pairs.push({ old: u.key, new: partner.key });
      oldLeft.delete(u.key);
      newLeft.delete(partner.key);
    }
  }
  if (oldLeft.size === 1 && newLeft.size === 1) {
    pairs.push({ old: [...oldLeft][0], new: [...newLeft][0] });
    oldLeft.clear();
    newLeft.clear();
  }
  for (const k of [...oldLeft].sort(compare)) pairs.push({ old: k });
  for (const k of [...newLeft].sort(compare)) pairs.push({ new: k });
  return pairs;
}

/** The unit of a gateway given as `namespace/name` or as a name unique on its side. */
function resolve(given: string, units: GatewayUnit[], side: string): string {
  const exact = units.find((u) => u.key === given || u.names.includes(given));
  if (exact) return exact.key;
  const byName = given.includes('/') ? [] : units.filter((u) => u.names.some((k) => k.slice(k.indexOf('/') + 1) === given));
  if (byName.length === 1) return byName[0].key;
  const all = units.flatMap((u) => u.names).sort(compare);
  throw new Error(`gateway pair names ${given}, which is not a gateway of the ${side} manifests (${all.join(', ') || 'none'})`
    + (byName.length > 1 ? '; give it as namespace/name' : ''));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
