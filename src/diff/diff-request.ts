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
  /** `http` or `https`. */
  readonly scheme: string;
  /** The port. */
  readonly port: number;
  /** The `Host` header. */
  readonly host: string;
  /** The HTTP method. */
  readonly method: string;
  /** The path, with the `?query` string when it has one. */
  readonly path: string;
  /** Request headers (lower-case names). */
  readonly headers: { [name: string]: string };
}

/**
 * `GET http://host:port/path?q h1=v1 h2=v2`, with the gateways when a
 * side has several (`@ old -> new`).
 * @internal
 */
export function requestSummary(r: DiffRequest, withGateways: boolean): string {
  const headers = Object.keys(r.headers).sort().map((k) => ` ${k}: ${r.headers[k]}`).join(',');
  const gw = withGateways ? ` @ ${r.oldGateway ?? '(none)'} -> ${r.newGateway ?? '(none)'}` : '';
  return `${r.method} ${r.scheme}://${r.host}:${r.port}${r.path}${headers ? ` [${headers.slice(1)}]` : ''}${gw}`;
}

/** The dedup key of a request. @internal */
export function requestKey(r: DiffRequest): string {
  return JSON.stringify([r.oldGateway ?? null, r.newGateway ?? null, r.scheme, r.port, r.host, r.method, r.path,
    Object.keys(r.headers).sort().map((k) => [k, r.headers[k]])]);
}
