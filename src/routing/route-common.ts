import { Construct, IConstruct } from 'constructs';
import { Backend, IBackend } from './backend';
import { backendRefProblem, describeBackend, optionalPortProblem, sameBackend } from './checks';
import { ReferenceGrants } from './reference-grant';
import { ReferenceGrantPolicy } from './reference-grant-policy';
import { IRouteParent, ParentReference, RouteParent } from './route-parent';
import { declareExternalObject } from '../analysis/synth-validation';
import { istioSupportedRouteKinds } from '../gateway-api/allowed-routes';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { hostnamesIntersect } from '../gateway-api/hostnames';
import { checkFactoryValue, fail } from '../internal/errors';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE, hostnameProblem, nameFromId, SECTION_NAME_RE } from '../internal/names';

/* What every xRoute (HTTPRoute, GRPCRoute) shares: parentRefs, hostnames,
 * weighted backendRefs and their ReferenceGrants. The CRDs of Gateway API
 * v1.6.1 give these fields the same schema and CEL rules in every route kind
 * (CommonRouteSpec, `hostnames`, BackendRef); one implementation serves them all.
 * Internal to the routing module. */

/** The CRD's `maxItems` of `spec.parentRefs` (CommonRouteSpec). */
export const MAX_PARENT_REFS = 32;
/** The CRD's `maxItems` of `rules[].backendRefs`, in every route kind. */
export const MAX_BACKEND_REFS = 16;
/** The CRD's bounds of `backendRefs[].weight`. */
export const MAX_WEIGHT = 1_000_000;

/**
 * Checks a parent given to a route (the factory's problem) and declares a
 * Gateway managed outside the App, so analysis does not report it missing.
 */
export function bindParent(
  route: IConstruct, index: number, parent: IRouteParent, routeNamespace: string | undefined, kind: string, fix: string,
): void {
  checkFactoryValue(route, `parents[${index}]`, RouteParent._problemOf(parent));
  if (RouteParent._isExternal(parent)) {
    declareExternalObject(route, 'Gateway', parent.gatewayNamespace ?? routeNamespace, parent.gatewayName);
  }
  // a listener of this app: the route kinds Istio carries on its protocol (conditions.go `generateSupportedKinds`)
  const listener = parent as any;
  if (typeof listener?.protocol === 'string' && typeof listener._toKube === 'function') {
    const kinds = istioSupportedRouteKinds({ protocol: listener.protocol, raw: listener._toKube() });
    if (!kinds.includes(kind)) {
      fail(route, `parents[${index}] is listener "${listener.listenerName}" (${listener.protocol}), which carries ${kinds.join(' and ') || 'no route kind'}, `
        + `not ${kind}; ${fix}`);
    }
  }
}

/**
 * The first problem of a route's hostnames: too many, invalid, or listed
 * twice; `advice` says how to split a route with too many.
 */
export function hostnamesProblem(hostnames: string[], max: number, advice: string): string | undefined {
  if (hostnames.length > max) {
    return `route has ${hostnames.length} hostnames; at most ${max} are allowed; ${advice}`;
  }
  for (let i = 0; i < hostnames.length; i++) {
    const h = hostnames[i];
    const p = typeof h === 'string' ? hostnameProblem(h) : 'it must be a string';
    if (p) return `hostname "${h}" is invalid: ${p}`;
    if (hostnames.indexOf(h) !== i) return `hostname "${h}" is listed twice; list it once`;
  }
  return undefined;
}

/**
 * The first problem of a route's parentRefs, against the CommonRouteSpec
 * schema and its two CEL rules (a parent referenced twice needs distinct
 * sectionNames).
 */
export function parentsProblem(parents: IRouteParent[], routeNamespace: string | undefined): string | undefined {
  if (parents.length > MAX_PARENT_REFS) return `route has ${parents.length} parents; at most ${MAX_PARENT_REFS} are allowed`;
  const refs = parents.map(p => p.parentReference());
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    const label = `parentRefs[${i}] (${describeParent(ref)})`;
    if (!ref || typeof ref.name !== 'string' || ref.name.length < 1 || ref.name.length > 253) {
      return `parentRefs[${i}] needs a name of 1 to 253 characters`;
    }
    if (ref.namespace !== undefined && !DNS_LABEL_RE.test(ref.namespace)) {
      return `${label} has namespace "${ref.namespace}", which is not a DNS label`;
    }
    if (ref.sectionName !== undefined && (ref.sectionName.length > 253 || !SECTION_NAME_RE.test(ref.sectionName))) {
      return `${label} has sectionName "${ref.sectionName}"; use lowercase DNS labels separated by dots`;
    }
    const portP = optionalPortProblem(ref.port);
    if (portP) return `${label} ${portP}`;
    for (let j = 0; j < i; j++) {
      const other = refs[j];
      if (!sameParent(ref, other, routeNamespace)) continue;
      if (ref.sectionName === undefined || other.sectionName === undefined) {
        return `${label} attaches to the same parent as parentRefs[${j}] without a sectionName; `
          + 'when a route attaches to a parent more than once, every reference needs a distinct sectionName';
      }
      if (ref.sectionName === other.sectionName) {
        return `${label} repeats parentRefs[${j}]; sectionName must be unique when a route attaches to a parent more than once`;
      }
    }
  }
  return undefined;
}

/** A readable description of a parent reference: `gateway infra/edge, sectionName https`. */
export function describeParent(ref: ParentReference | undefined): string {
  if (!ref) return 'undefined';
  const kind = ref.kind ?? 'Gateway';
  const ns = ref.namespace ? `${ref.namespace}/` : '';
  const section = ref.sectionName ? `, sectionName ${ref.sectionName}` : '';
  const port = ref.port !== undefined ? `, port ${ref.port}` : '';
  return `${kind.toLowerCase()} ${ns}${ref.name}${section}${port}`;
}

function sameParent(a: ParentReference, b: ParentReference, routeNamespace: string | undefined): boolean {
  return (a.group ?? GATEWAY_GROUP) === (b.group ?? GATEWAY_GROUP)
    && (a.kind ?? 'Gateway') === (b.kind ?? 'Gateway')
    && a.name === b.name
    && (a.namespace ?? routeNamespace) === (b.namespace ?? routeNamespace);
}

/**
 * The app-wide problems of a finished route's parents: a hostname list that
 * intersects no hostname of a parent managed outside the App (the route would
 * not attach there: NoMatchingListenerHostname). Listeners built in the App
 * are synthesized, so analysis reports them (IGW1003).
 */
export function parentHostnameErrors(route: IConstruct, parents: IRouteParent[], hostnames: string[]): string[] {
  if (hostnames.length === 0) return [];
  const errors: string[] = [];
  for (const parent of parents) {
    const listenerHost = parent.hostname;
    const inApp = Construct.isConstruct(parent) && parent.node.root === route.node.root;
    if (listenerHost === undefined || inApp) continue;
    if (!hostnames.some(h => hostnamesIntersect(h, listenerHost))) {
      errors.push(`no route hostname (${[...hostnames].sort().join(', ')}) intersects the hostname "${listenerHost}" `
        + `of parent ${describeParent(parent.parentReference())}, so the route would not attach there `
        + '(NoMatchingListenerHostname); add a matching hostname or attach to another listener');
    }
  }
  return errors;
}

/** A weighted backend of a rule, as the shared checks see it. */
export interface WeightedBackend {
  readonly backend: IBackend;
  readonly weight: number;
}

/**
 * The first problem of a rule's weighted backends, relative to the rule:
 * at most 16, each reference valid, weights 0 to 1,000,000, no backend twice.
 * `entryProblem` adds the route kind's own checks of one entry (its filters).
 */
export function weightedBackendsProblem<T extends WeightedBackend>(
  backends: T[], routeNamespace: string | undefined, entryProblem: (b: T) => string | undefined = () => undefined,
): string | undefined {
  if (backends.length > MAX_BACKEND_REFS) return `has ${backends.length} backends; at most ${MAX_BACKEND_REFS} are allowed per rule`;
  for (let i = 0; i < backends.length; i++) {
    const b = backends[i];
    const ref = b.backend.backendReference();
    const rp = backendRefProblem(ref);
    if (rp) return `backendRefs[${i}] ${rp}`;
    if (!Number.isInteger(b.weight) || b.weight < 0 || b.weight > MAX_WEIGHT) {
      return `backendRefs[${i}] (${describeBackend(ref)}) has weight ${b.weight}; use an integer between 0 and ${MAX_WEIGHT}`;
    }
    const dup = backends.findIndex(o => sameBackend(o.backend.backendReference(), ref, routeNamespace));
    if (dup !== i) {
      return `backendRefs[${i}] repeats ${describeBackend(ref)} (also backendRefs[${dup}]); change its weight instead`;
    }
    const ep = entryProblem(b);
    if (ep) return `backendRefs[${i}] ${ep}`;
  }
  return undefined;
}

/**
 * The app-wide problem of a finished rule's backends: every weight 0 means
 * every matching request fails (HTTP 500, gRPC UNAVAILABLE).
 */
export function allWeightsZeroError(ruleIndex: number, weights: number[], failure: string): string | undefined {
  return weights.length > 0 && weights.every(w => w === 0)
    ? `rules[${ruleIndex}] gives every backend weight 0, so matching requests get ${failure}; give at least one backend a positive weight, or remove the rule`
    : undefined;
}

/**
 * What a route does for one of its backends (or mirror targets): reports
 * the factory's problem, declares a Service managed outside the App, and,
 * for a backend in another namespace, ensures the ReferenceGrant from
 * `routeKind` (or declares the one expected, per `policy`).
 */
export function grantBackend(
  route: IConstruct, routeKind: string, routeNamespace: string | undefined, backend: IBackend, policy: ReferenceGrantPolicy,
): void {
  checkFactoryValue(route, 'backend', Backend._problemOf(backend));
  const ref = backend.backendReference();
  if (ref && Backend._isExternal(backend)) declareExternalObject(route, 'Service', ref.namespace ?? routeNamespace, ref.name);
  // an invalid reference is reported by the route's own check, with its position
  if (!ref || backendRefProblem(ref) || ref.namespace === undefined || ref.namespace === routeNamespace) return;
  if (routeNamespace === undefined) {
    fail(route, `backend ${describeBackend(ref)} is in namespace "${ref.namespace}" but the route has no namespace, `
      + 'so no ReferenceGrant can be written; give the chart a namespace');
  }
  ReferenceGrants.ensure(route, {
    fromGroup: GATEWAY_GROUP,
    fromKind: routeKind,
    fromNamespace: routeNamespace,
    toGroup: ref.group ?? '',
    toKind: ref.kind ?? 'Service',
    toNamespace: ref.namespace,
    toName: ref.name,
  }, policy);
}

/**
 * A route's `metadata.name`: the explicit name, checked as a DNS subdomain,
 * else one derived from the construct id. Checks the namespace too; fails
 * at `route` with the bad value.
 */
export function routeNameOf(route: IConstruct, id: string, explicitName: string | undefined, namespace: string | undefined): string {
  if (explicitName !== undefined && (typeof explicitName !== 'string' || explicitName.length > 253 || !DNS_SUBDOMAIN_RE.test(explicitName))) {
    fail(route, `route name "${explicitName}" must be lowercase DNS labels separated by dots, at most 253 characters`);
  }
  if (namespace !== undefined && !DNS_LABEL_RE.test(namespace)) {
    fail(route, `route namespace "${namespace}" must be a DNS label`);
  }
  return explicitName ?? nameFromId(id, route);
}

/** What the shared route checks read of a rule. */
export interface CheckedRule {
  readonly name?: string;
  readonly _matchCount: number;
  _problem(): string | undefined;
}

/** The limits and advice of one route kind. */
export interface RouteShape {
  readonly maxHostnames: number;
  readonly maxRules: number;
  readonly maxMatches: number;
  /** How to split a route with too many hostnames. */
  readonly hostnameAdvice: string;
  /** How to split a route with too many rules or matches. */
  readonly splitAdvice: string;
}

/**
 * The first problem of a route's hostnames, parents and rules (limits,
 * unique rule names, each rule's own problem), or undefined.
 */
export function routeProblem(
  shape: RouteShape, hostnames: string[], parents: IRouteParent[], namespace: string | undefined, rules: readonly CheckedRule[],
): string | undefined {
  const hp = hostnamesProblem(hostnames, shape.maxHostnames, shape.hostnameAdvice);
  if (hp) return hp;
  const pp = parentsProblem(parents, namespace);
  if (pp) return pp;
  if (rules.length > shape.maxRules) return `route has ${rules.length} rules; at most ${shape.maxRules} are allowed; ${shape.splitAdvice}`;
  const total = rules.reduce((n, r) => n + r._matchCount, 0);
  if (total > shape.maxMatches) return `route has ${total} matches across its rules; at most ${shape.maxMatches} are allowed; ${shape.splitAdvice}`;
  const names = new Set<string>();
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const label = `rules[${i}]${rule.name ? ` ("${rule.name}")` : ''}`;
    if (rule.name !== undefined) {
      if (names.has(rule.name)) return `${label} repeats the rule name "${rule.name}"; rule names must be unique within the route`;
      names.add(rule.name);
    }
    const p = rule._problem();
    if (p) return `${label} ${p}`;
  }
  return undefined;
}

/**
 * The errors of a finished route (at synth): no rules, no parents, the
 * first `routeProblem`, rules whose backends all weigh 0 (answered with
 * `failure`), and hostnames no parent listener accepts.
 */
export function finishedRouteErrors(
  route: IConstruct, problem: string | undefined, parents: IRouteParent[], hostnames: string[], ruleWeights: number[][], failure: string,
): string[] {
  const errors: string[] = [];
  if (ruleWeights.length === 0) errors.push('route has no rules; pass rules or call addRule()');
  if (parents.length === 0) errors.push('route has no parents, so it attaches to no Gateway; pass parents or call addParent()');
  if (problem) errors.push(problem);
  // checked only for the finished route: backends are added one at a time
  ruleWeights.forEach((weights, i) => {
    const e = allWeightsZeroError(i, weights, failure);
    if (e) errors.push(e);
  });
  errors.push(...parentHostnameErrors(route, parents, hostnames));
  return errors;
}
