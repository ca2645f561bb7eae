/**
 * One request of a routing diff's corpus, sent to the paired gateway of
 * each side.
 */
export interface DiffRequest {
  /**
   * The gateway of the old side that receives it, `namespace/name`.
   * @default - no gateway of the old side is paired with `newGateway`
   */
  readonly oldGateway?: string;
  /**
   * The gateway of the new side that receives it, `namespace/name`.
   * @default - no gateway of the new side is paired with `oldGateway`
   */
  readonly newGateway?: string;
  /**
   * `http` (an HTTP request), `tls` (a TLS connection routed by its SNI,
   * `host`) or `tcp` (a TCP connection routed by its port).
   */
  readonly protocol: string;
  /** `http` or `https` for an HTTP request; `tls` or `tcp` for a connection. */
  readonly scheme: string;
  /** The port. */
  readonly port: number;
  /** The `Host` header; the SNI of a `tls` connection; empty for `tcp`. */
  readonly host: string;
  /** The HTTP method; empty for a connection. */
  readonly method: string;
  /** The path, with the `?query` string when it has one; empty for a connection. */
  readonly path: string;
  /** Request headers (lower-case names); none for a connection. */
  readonly headers: { [name: string]: string };
}

/**
 * `GET http://host:port/path?q h1=v1 h2=v2` (`TLS connection sni <host>
 * port <port>`, `TCP connection port <port>`), with the gateways when a
 * side has several (`@ old -> new`).
 * @internal
 */
export function requestSummary(r: DiffRequest, withGateways: boolean): string {
  const gateways = withGateways ? ` @ ${r.oldGateway ?? '(none)'} -> ${r.newGateway ?? '(none)'}` : '';
  if (r.protocol === 'tls') return `TLS connection sni ${r.host} port ${r.port}${gateways}`;
  if (r.protocol === 'tcp') return `TCP connection port ${r.port}${gateways}`;
  const headers = Object.keys(r.headers).sort().map((k) => ` ${k}: ${r.headers[k]}`).join(',');
  return `${r.method} ${r.scheme}://${r.host}:${r.port}${r.path}${headers ? ` [${headers.slice(1)}]` : ''}${gateways}`;
}

/** The dedup key of a request. @internal */
export function requestKey(r: DiffRequest): string {
  return JSON.stringify([r.oldGateway ?? null, r.newGateway ?? null, r.protocol, r.scheme, r.port, r.host, r.method, r.path,
    Object.keys(r.headers).sort().map((k) => [k, r.headers[k]])]);
}
