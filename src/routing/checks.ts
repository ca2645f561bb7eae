import { BackendReference } from './backend';
import { DNS_LABEL_RE, DNS_SUBDOMAIN_RE, HTTP_TOKEN_RE } from '../internal/names';
import { portProblem } from '../internal/port';
import { re2Problem } from '../internal/re2';

/* Checks of the HTTPRoute CRD's schema and CEL rules (Gateway API v1.6.1),
 * as pure functions returning a problem (a sentence fragment) or undefined.
 * Internal to the routing module. */

/** Header and query parameter names: an HTTP token. */

const KIND_RE = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
/** An API group: empty (core) or a DNS subdomain. @internal */
export function isGroup(group: string): boolean {
  return group === '' || (group.length <= 253 && DNS_SUBDOMAIN_RE.test(group));
}
/** A kind: a letter followed by letters, digits or `-`, at most 63 characters. @internal */
export function isKind(kind: string): boolean {
  return kind.length <= 63 && KIND_RE.test(kind);
}

/** GEP-2257 duration as accepted by `rules[].timeouts`. */
export const TIMEOUT_RE = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

/**
 * Checks a regular expression as Envoy compiles it: RE2 syntax (so `(?i)`,
 * `(?P<name>...)` are fine; lookarounds, backreferences, `\Z` and counts over
 * 1000 are not) and the program size Istio allows.
 */
export function regexProblem(value: string): string | undefined {
  return re2Problem(value);
}

/** Checks a header or query parameter name. */
export function tokenProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) return 'must be 1 to 256 characters long';
  if (!HTTP_TOKEN_RE.test(name)) return "must only contain letters, digits and !#$%&'*+-.^_`|~";
  return undefined;
}

/** Checks a precise hostname (no wildcard), as used by redirects and rewrites. */
export function preciseHostnameProblem(hostname: string): string | undefined {
  if (hostname.length < 1 || hostname.length > 253 || !DNS_SUBDOMAIN_RE.test(hostname)) {
    return 'must be lowercase DNS labels separated by dots, without a wildcard';
  }
  return undefined;
}

/** Checks the reference fields shared by backendRefs and mirror backendRefs. */
export function backendRefProblem(ref: BackendReference): string | undefined {
  if (!ref || typeof ref.name !== 'string' || ref.name.length < 1 || ref.name.length > 253) {
    return 'needs a name of 1 to 253 characters';
  }
  const group = ref.group ?? '';
  const kind = ref.kind ?? 'Service';
  if (!isGroup(group)) return `has an invalid group "${group}"`;
  if (!isKind(kind)) return `has an invalid kind "${kind}"`;
  if (ref.namespace !== undefined && !DNS_LABEL_RE.test(ref.namespace)) {
    return `has an invalid namespace "${ref.namespace}"; it must be a DNS label`;
  }
  if (group === '' && kind === 'Service' && ref.port === undefined) {
    return 'is a Service without a port; give the Service port';
  }
  return optionalPortProblem(ref.port);
}

/** Checks an optional port field: `has port 0, which must be an integer between 1 and 65535, got 0`. */
export function optionalPortProblem(port: number | undefined): string | undefined {
  const p = port === undefined ? undefined : portProblem(port);
  return p ? `has port ${port}, which ${p}` : undefined;
}

/** `group/kind` checks for references given by users. */
export function groupKindProblem(group: string, kind: string): string | undefined {
  if (!isGroup(group)) return `group "${group}" must be empty or a DNS subdomain`;
  if (!isKind(kind)) return `kind "${kind}" must be a letter followed by letters, digits or "-"`;
  return undefined;
}

/** A readable description of a backend reference: `Service shop/api:80`. */
export function describeBackend(ref: BackendReference): string {
  const kind = ref.kind ?? 'Service';
  const group = ref.group ? `.${ref.group}` : '';
  const ns = ref.namespace ? `${ref.namespace}/` : '';
  const port = ref.port !== undefined ? `:${ref.port}` : '';
  return `${kind}${group} ${ns}${ref.name}${port}`;
}

/** True when two backend references point at the same object and port. */
export function sameBackend(a: BackendReference, b: BackendReference, routeNamespace?: string): boolean {
  return (a.group ?? '') === (b.group ?? '')
    && (a.kind ?? 'Service') === (b.kind ?? 'Service')
    && a.name === b.name
    && (a.namespace ?? routeNamespace) === (b.namespace ?? routeNamespace)
    && a.port === b.port;
}

