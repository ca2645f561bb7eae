import * as net from 'net';
import { CelFunc, CelScalar, celFunc, celMethod, mapType } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { DNS_LABEL_RE as DNS1123_LABEL, DNS_SUBDOMAIN_RE as DNS1123_SUBDOMAIN } from '../../internal/names';

/**
 * The Kubernetes CEL library functions that the Gateway API and Istio CRD
 * rules use, on top of the CEL standard library and the strings extension
 * (`split`, `substring`, `lowerAscii`, `indexOf`, `lastIndexOf`, `replace`,
 * `join`, `format`, `trim`, ...).
 *
 * Kubernetes object values (`url(...)`, `format.dns1123Label()`) are
 * represented as maps tagged with a reserved key.
 */
const OPAQUE = mapType(CelScalar.STRING, CelScalar.DYN);
const URL_TAG = '__k8s_url__';
const FORMAT_TAG = '__k8s_format__';

/** Kubernetes `isIP`: a canonical IPv4 or IPv6 address, no zone. */
function isIp(s: string): boolean {
  if (s.includes('%')) return false;
  if (net.isIPv4(s)) return !/(^|\.)0\d/.test(s);
  return net.isIPv6(s) && !/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(s);
}

/** Go's `url.Parse` accepts what `isURL` accepts: an absolute URI or an absolute path. */
function parseUrl(s: string): URL | undefined {
  if (/\s/.test(s)) return undefined;
  if (s.startsWith('/')) return new URL(`path-only:${s}`);
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s)) return undefined;
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function urlOf(value: ReadonlyMap<unknown, unknown>): URL {
  const raw = value.get(URL_TAG);
  if (typeof raw !== 'string') throw new Error('not a URL value');
  const u = parseUrl(raw);
  if (!u) throw new Error(`URL parse error during conversion from string: ${raw}`);
  return u;
}


/** Kubernetes named formats (`format.named(...)`), as validation functions returning errors. */
const FORMATS: { [name: string]: (s: string) => string[] } = {
  dns1123Label: (s) => (s.length <= 63 && DNS1123_LABEL.test(s) ? [] : ['a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character']),
  dns1123Subdomain: (s) => (s.length <= 253 && DNS1123_SUBDOMAIN.test(s) ? [] : ['a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character']),
};

function formatValue(name: string): Map<string, string> {
  return new Map([[FORMAT_TAG, name]]);
}

/** Every function the rule engine registers. */
export const K8S_CEL_FUNCS: CelFunc[] = [
  ...strings,
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => isIp(s)),
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s) => parseUrl(s) !== undefined),
  celFunc('url', [CelScalar.STRING], OPAQUE, (s) => {
    if (!parseUrl(s)) throw new Error(`URL parse error during conversion from string: ${s}`);
    return new Map([[URL_TAG, s]]);
  }),
  celMethod('getScheme', OPAQUE, [], CelScalar.STRING, function () {
    const u = urlOf(this);
    return u.protocol === 'path-only:' ? '' : u.protocol.slice(0, -1);
  }),
  celMethod('getHost', OPAQUE, [], CelScalar.STRING, function () {
    return urlOf(this).host;
  }),
  celMethod('getHostname', OPAQUE, [], CelScalar.STRING, function () {
    return urlOf(this).hostname.replace(/^\[|\]$/g, '');
  }),
  celMethod('getPort', OPAQUE, [], CelScalar.STRING, function () {
    return urlOf(this).port;
  }),
  celMethod('getEscapedPath', OPAQUE, [], CelScalar.STRING, function () {
    return urlOf(this).pathname;
  }),
  ...Object.keys(FORMATS).map((name) => celFunc(`format.${name}`, [], OPAQUE, () => formatValue(name))),
  celFunc('format.named', [CelScalar.STRING], OPAQUE, (name) => {
    if (!FORMATS[name]) throw new Error(`unknown format ${name}`);
    return formatValue(name);
  }),
  celMethod('validate', OPAQUE, [CelScalar.STRING], CelScalar.DYN, function (s) {
    const name = this.get(FORMAT_TAG);
    if (typeof name !== 'string' || !FORMATS[name]) throw new Error('validate() needs a format value');
    const errors = FORMATS[name](s);
    return errors.length === 0 ? null : errors;
  }),
];
