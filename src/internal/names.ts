import { IConstruct } from 'constructs';
import { fail } from './errors';
/** RFC 1123 DNS subdomain, as used by Gateway API listener and rule names. @internal */
export const SECTION_NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Gateway API Hostname (optionally one leading `*.` label; no IPs, no bare `*`). @internal */
export const HOSTNAME_RE = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** RFC 1123 DNS label (Namespace, Service names). @internal */
export const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 DNS label (Service names). @internal */
export const DNS_1035_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 DNS subdomain (most object names). @internal */
export const DNS_SUBDOMAIN_RE = SECTION_NAME_RE;
/** An HTTP token (RFC 9110 5.6.2): header and cookie names. @internal */
export const HTTP_TOKEN_RE = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/**
 * Checks a Gateway API hostname; returns a reason when invalid, else undefined.
 * @internal
 */
export function hostnameProblem(hostname: string): string | undefined {
  if (hostname.length < 1 || hostname.length > 253) return 'it must be 1 to 253 characters long';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.includes(':')) return 'IP addresses are not allowed';
  if (hostname === '*') return 'a bare "*" is not allowed; leave the hostname unset to match every host';
  if (!HOSTNAME_RE.test(hostname)) {
    return 'it must be lowercase DNS labels separated by dots, optionally starting with "*."';
  }
  return undefined;
}

/**
 * A readable DNS label derived from a construct id: lowercased, runs of
 * other characters turned into `-`, trimmed. Throws when nothing is left.
 * @internal
 */
export function nameFromId(id: string, scope?: IConstruct): string {
  const name = id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  if (!name) {
    const message = `cannot derive a Kubernetes name from the construct id "${id}"; pass a name explicitly`;
    if (scope) fail(scope, message);
    throw new Error(message);
  }
  return name;
}
