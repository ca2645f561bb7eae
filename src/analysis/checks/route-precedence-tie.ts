import {
  compareRouteOrder, describeMatchKey, effectiveMatches, MatchKey, matchesTie, matchKey, RegexPrecedence, tieBucket,
} from '../../gateway-api/match-precedence';
import { resolveObjectRef } from '../../gateway-api/object-refs';
import { Manifest } from '../../manifests/manifest';
import { ManifestSet } from '../../manifests/manifest-set';
import { Finding, Severity } from '../finding';
import { Check, findingOf } from './check';
import { attachmentTo, GATEWAY_GROUP, gatewayListeners, gatewaysOf, ListenerAttachment, listenerOwnerRef, objectRef } from './model';
import { pushTo } from '../../internal/map-lists';

/** A match of a route attached to a listener, for one hostname. */
interface Entry {
  readonly route: Manifest;
  readonly rule: number;
  /** Index in `matches`, or undefined for the default match of a rule without matches. */
  readonly match?: number;
  readonly key: MatchKey;
  /** What the rule does (everything but its name and matches), to skip ties that make no difference. */
  readonly action: string;
}

const HTTP_PROTOCOLS = ['HTTP', 'HTTPS'];

/**
 * IGW1022: two HTTPRoutes on one listener, for the same hostname, have
 * matches that tie on precedence (same path type and value, method, number
 * of header and query parameter matches) and that one request can satisfy,
 * with different actions. The Gateway API then sends the request to the
 * older route (creationTimestamp), else to the alphabetically first
 * `namespace/name`: which one wins depends on the order the objects were
 * created, and can flip when a route is recreated. A warning, reported on
 * the route that loses when both are created together.
 */
export const routePrecedenceTie: Check = {
  id: 'IGW1022',
  title: 'matches of two routes tie on precedence, so creation order decides',
  severity: Severity.WARNING,
  run(set: ManifestSet): Finding[] {
    // per losing match, the first tie found (with its listener and hostname) and the other winners
    const losers = new Map<string, { tie: Tie; winners: Set<string> }>();
    const routes = set.ofKind('HTTPRoute', GATEWAY_GROUP);
    for (const gateway of gatewaysOf(set)) {
      for (const l of gatewayListeners(set, gateway).listeners.filter((x) => HTTP_PROTOCOLS.includes(x.protocol))) {
        const gwRef = listenerOwnerRef(l);
        const attached = routes.map((r) => attachmentTo(set, l, r)).filter((a): a is ListenerAttachment => a !== undefined);
        if (attached.length < 2) continue;
        for (const [hostname, buckets] of byHostnameAndBucket(set, attached, l.hostname)) {
          for (const list of buckets.values()) {
            for (const [winner, loser] of ties(set, list)) {
              const key = matchRef(set, loser);
              const seen = losers.get(key);
              const t: Tie = { winner, loser, hostname, listener: l.name, gateway: gwRef };
              if (seen) {
                seen.winners.add(objectRef(set, winner.route));
                if (compareRoutes(set, winner.route, seen.tie.winner.route) < 0) seen.tie = t;
              } else {losers.set(key, { tie: t, winners: new Set([objectRef(set, winner.route)]) });}
            }
          }
        }
      }
    }
    return [...losers.values()].map(({ tie, winners }) => {
      const { winner, loser } = tie;
      const host = tie.hostname === '' ? 'any host' : `host "${tie.hostname}"`;
      const others = [...winners].filter((w) => w !== objectRef(set, winner.route)).sort();
      const rest = others.length > 3 ? ` and ${others.length - 3} more` : '';
      const more = others.length ? ` (and with ${others.slice(0, 3).join(', ')}${rest})` : '';
      return findingOf(this, loser.route, {
        path: matchPath(loser),
        message: `${matchRef(set, loser)} ties with ${matchRef(set, winner)}${more} (${describeMatchKey(loser.key)}) for ${host} `
          + `on listener "${tie.listener}" of ${tie.gateway}, and they route differently: the older route gets such requests, and `
          + `${objectRef(set, winner.route)} when both are created in the same second, so the outcome depends on creation order `
          + 'and can flip when a route is recreated',
        fix: 'make one of the matches more specific (a longer path, a method, a header or query parameter), '
          + 'or put both rules into one HTTPRoute, where rule order decides',
      });
    });
  },
};

/** Two tied matches of different routes, where they meet. */
interface Tie {
  readonly winner: Entry;
  readonly loser: Entry;
  readonly hostname: string;
  readonly listener: string;
  readonly gateway: string;
}

/**
 * The matches of the attached routes by the hostname they serve on the
 * listener (the listener's own, or '' for any, when a route has none), then
 * by tie bucket. Only matches in one list can tie.
 */
function byHostnameAndBucket(
  set: ManifestSet, attached: ListenerAttachment[], listenerHostname: string | undefined,
): Map<string, Map<string, Entry[]>> {
  const out = new Map<string, Map<string, Entry[]>>();
  for (const a of attached) {
    const hostnames = a.hostnames.length ? a.hostnames : [listenerHostname ?? ''];
    const entries = entriesOf(set, a.route);
    for (const h of new Set(hostnames)) {
      const buckets = out.get(h) ?? new Map<string, Entry[]>();
      out.set(h, buckets);
      for (const e of entries) {
        pushTo(buckets, tieBucket(e.key, RegexPrecedence.BY_LENGTH), e);
      }
    }
  }
  return out;
}

function entriesOf(set: ManifestSet, route: Manifest): Entry[] {
  const rules: any[] = Array.isArray(route.object.spec?.rules) ? route.object.spec.rules : [];
  const namespace = set.namespaceOf(route);
  return rules.flatMap((rule, r) => {
    const { name: _name, matches, backendRefs, ...rest } = rule ?? {};
    // backends with the API server's defaults and their namespace, so that equal actions compare equal
    const backends = (Array.isArray(backendRefs) ? backendRefs : []).map((b: any) => {
      const { group, kind, namespace: ns } = resolveObjectRef(b, 'Service', namespace);
      return { ...b, group, kind, namespace: ns, weight: b?.weight ?? 1 };
    });
    const action = canonicalJson({ ...rest, backends });
    const explicit = Array.isArray(matches) && matches.length > 0;
    return effectiveMatches(matches).map((m, i) => ({ route, rule: r, match: explicit ? i : undefined, key: matchKey(m), action }));
  });
}

/** Pairs [winner, loser] of matches of different routes that tie and act differently, the winner by creation order. */
function ties(set: ManifestSet, list: Entry[]): Array<[Entry, Entry]> {
  const out: Array<[Entry, Entry]> = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i];
      const b = list[j];
      if (a.route === b.route || a.action === b.action || !matchesTie(a.key, b.key, RegexPrecedence.BY_LENGTH)) continue;
      out.push(compareRoutes(set, a.route, b.route) <= 0 ? [a, b] : [b, a]);
    }
  }
  return out;
}

/** The route that wins a tie first. */
function compareRoutes(set: ManifestSet, a: Manifest, b: Manifest): number {
  const order = (m: Manifest) => ({ creationTimestamp: m.object.metadata?.creationTimestamp, key: `${set.namespaceOf(m)}/${m.name}` });
  return compareRouteOrder(order(a), order(b));
}

function matchPath(e: Entry): string {
  return e.match === undefined ? `spec.rules[${e.rule}]` : `spec.rules[${e.rule}].matches[${e.match}]`;
}

function matchRef(set: ManifestSet, e: Entry): string {
  return `${objectRef(set, e.route)} ${matchPath(e)}`;
}

/** JSON with object keys sorted at every level, so that key order does not matter. */
function canonicalJson(value: any): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    : v));
}
