import { headerNameProblem, ipValuesProblem, listProblem, portValuesProblem, valuesProblem } from './policy-values';
import { lookUpAuthzKey } from '../internal/authz-attributes';
import { assertFactoryValue, factoryProblem } from '../internal/errors';

/**
 * An extra condition of an AuthorizationPolicy rule (`rules[].when[]`): an
 * Istio attribute and the values it must (or, after `negated()`, must not)
 * have. The conditions of a rule are ANDed.
 *
 * At an ingress gateway, `sourceNamespace` and `sourcePrincipal` (and
 * `source.serviceAccount`) need the client's mutual TLS identity, which
 * clients from outside the mesh never have (analysis check IGW1043).
 *
 * @see https://istio.io/latest/docs/reference/config/security/conditions/
 */
export class Condition {
  /**
   * A request header (`request.headers[<name>]`), e.g.
   * `Condition.header('x-env', ['prod'])`.
   */
  public static header(name: string, values: string[]): Condition {
    return Condition.make('Condition.header', [name, values], `request.headers[${name}]`, values,
      headerNameProblem(name, 'header name') ?? valuesProblem(values, 'values'));
  }

  /**
   * A claim of the validated JWT (`request.auth.claims[<name>]`), e.g.
   * `Condition.claim('groups', ['admins'])`. For a list claim, it matches
   * when any element matches.
   */
  public static claim(name: string, values: string[]): Condition {
    return Condition.nestedClaim([name], values);
  }

  /**
   * A nested claim of the validated JWT (`request.auth.claims[a][b]`), e.g.
   * `Condition.nestedClaim(['realm_access', 'roles'], ['admin'])`.
   */
  public static nestedClaim(names: string[], values: string[]): Condition {
    const list = listProblem(names, 'claim names');
    const bad = list ? undefined : names.find((n) => /[[\]\s]/.test(n));
    return Condition.make('Condition.nestedClaim', [names, values],
      `request.auth.claims${Array.isArray(names) ? names.map((n) => `[${n}]`).join('') : ''}`, values,
      list ?? (bad !== undefined ? `claim name "${bad}" must not contain "[", "]" or whitespace` : valuesProblem(values, 'values')));
  }

  /** The request principal of the validated JWT, `<iss>/<sub>` (`request.auth.principal`). */
  public static requestPrincipal(values: string[]): Condition {
    return Condition.strings('Condition.requestPrincipal', 'request.auth.principal', values);
  }

  /** The audiences of the validated JWT (`request.auth.audiences`). */
  public static audiences(values: string[]): Condition {
    return Condition.strings('Condition.audiences', 'request.auth.audiences', values);
  }

  /** The authorized presenter (`azp`) of the validated JWT (`request.auth.presenter`). */
  public static presenter(values: string[]): Condition {
    return Condition.strings('Condition.presenter', 'request.auth.presenter', values);
  }

  /**
   * The original client IP (`remote.ip`), from `X-Forwarded-For` or the
   * PROXY protocol: addresses or CIDR blocks.
   */
  public static remoteIp(blocks: string[]): Condition {
    return Condition.make('Condition.remoteIp', [blocks], 'remote.ip', blocks, ipValuesProblem(blocks, 'values'));
  }

  /** The IP of the connection's peer (`source.ip`): addresses or CIDR blocks. */
  public static sourceIp(blocks: string[]): Condition {
    return Condition.make('Condition.sourceIp', [blocks], 'source.ip', blocks, ipValuesProblem(blocks, 'values'));
  }

  /** The IP the connection was made to (`destination.ip`): addresses or CIDR blocks. */
  public static destinationIp(blocks: string[]): Condition {
    return Condition.make('Condition.destinationIp', [blocks], 'destination.ip', blocks, ipValuesProblem(blocks, 'values'));
  }

  /** The port the connection was made to (`destination.port`); at a gateway, the listener port. */
  public static destinationPort(ports: number[]): Condition {
    return Condition.make('Condition.destinationPort', [ports], 'destination.port', Array.isArray(ports) ? ports.map(String) : ports,
      portValuesProblem(ports, 'values'));
  }

  /** The TLS server name (SNI) of the connection (`connection.sni`). */
  public static sni(values: string[]): Condition {
    return Condition.strings('Condition.sni', 'connection.sni', values);
  }

  /** The peer namespace from mutual TLS (`source.namespace`). Never matches clients from outside the mesh. */
  public static sourceNamespace(values: string[]): Condition {
    return Condition.strings('Condition.sourceNamespace', 'source.namespace', values);
  }

  /** The peer identity from mutual TLS (`source.principal`). Never matches clients from outside the mesh. */
  public static sourcePrincipal(values: string[]): Condition {
    return Condition.strings('Condition.sourcePrincipal', 'source.principal', values);
  }

  /**
   * Any attribute by its key, for keys without a factory (e.g.
   * `experimental.envoy.filters.*`). The key must be one Istio knows.
   */
  public static attribute(key: string, values: string[]): Condition {
    const lookup = lookUpAuthzKey(key);
    return Condition.make('Condition.attribute', [key, values], key, values,
      lookup.problem ? `${lookup.problem}; see https://istio.io/latest/docs/reference/config/security/conditions/`
        : lookup.attribute?.values === 'ip' ? ipValuesProblem(values, 'values')
          : lookup.attribute?.values === 'port' ? portValuesProblem(Array.isArray(values) ? values.map((v) => (/^[0-9]+$/.test(v) ? Number(v) : v)) : values, 'values')
            : valuesProblem(values, 'values'));
  }

  private static strings(factory: string, key: string, values: string[]): Condition {
    return Condition.make(factory, [values], key, values, valuesProblem(values, 'values'));
  }

  private static make(factory: string, args: unknown[], key: string, values: string[], problem: string | undefined): Condition {
    return new Condition(key, values, false, factoryProblem(factory, args, problem));
  }

  /** The Istio attribute, e.g. `request.headers[x-env]`. */
  public readonly key: string;

  private constructor(key: string, private readonly values: string[], private readonly negative: boolean,
    private readonly problem: string | undefined) {
    this.key = key;
  }

  /** The same attribute, matching when it has none of the values (`notValues`). */
  public negated(): Condition {
    return new Condition(this.key, this.values, !this.negative, this.problem);
  }

  /** What the factory found wrong, if anything. @internal */
  public get _problem(): string | undefined {
    return this.problem;
  }

  /** The `when` entry. @internal */
  public _toKube(): { key: string; values?: string[]; notValues?: string[] } {
    assertFactoryValue(this.problem);
    return this.negative ? { key: this.key, notValues: [...this.values] } : { key: this.key, values: [...this.values] };
  }
}
