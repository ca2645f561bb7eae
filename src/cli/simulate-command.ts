import { isIP } from 'net';
import { Command, InvalidArgumentError } from 'commander';
import { addSimulationOptions, INPUT_HELP, loadManifests, SimulationCliOptions, simulatorOptions } from './input';
import { errorLine, escapeJson } from './terminal-text';
import { portProblem } from '../internal/port';
import { TrafficSimulator } from '../simulation/traffic-simulator';

interface SimulateOptions extends SimulationCliOptions {
  readonly gateway?: string;
  readonly port?: number;
  readonly protocol: string;
  readonly service?: string;
  readonly scheme?: string;
  readonly host?: string;
  readonly method?: string;
  readonly path?: string;
  readonly header: string[];
  readonly sni?: string;
  readonly jwtClaims?: { [claim: string]: unknown };
  readonly jwt?: string;
  readonly sourceIp?: string;
  readonly clientCert?: boolean;
  readonly clientCertSan?: string;
}

function parseClaims(value: string): { [claim: string]: unknown } {
  let claims: unknown;
  try {
    claims = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError(`--jwt-claims must be a JSON object such as '{"iss":"https://auth.example.com","sub":"alice"}', got '${value.slice(0, 80)}'`);
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new InvalidArgumentError(`--jwt-claims must be a JSON object such as '{"iss":"https://auth.example.com","sub":"alice"}', got '${value.slice(0, 80)}'`);
  }
  return claims as { [claim: string]: unknown };
}

function parseIp(value: string): string {
  if (!isIP(value)) throw new InvalidArgumentError(`--source-ip must be an IPv4 or IPv6 address, got '${value}'`);
  return value;
}

function parsePort(value: string): number {
  const problem = /^[0-9]+$/.test(value) ? portProblem(Number(value)) : portProblem(value);
  if (problem) throw new InvalidArgumentError(`port ${problem}`);
  return Number(value);
}

const PROTOCOLS = ['http', 'grpc', 'tls', 'tcp'];

function parseProtocol(value: string): string {
  const protocol = value.toLowerCase();
  if (!PROTOCOLS.includes(protocol)) throw new InvalidArgumentError(`--protocol must be http, grpc, tls or tcp, got '${value}'`);
  return protocol;
}

/** The options a protocol does not read, and the options it needs: one line naming the flag, or undefined. */
function protocolProblem(opts: SimulateOptions): string | undefined {
  const p = opts.protocol;
  const given = (flags: Array<[string, boolean]>) => flags.filter(([, set]) => set).map(([flag]) => flag);
  if (opts.service !== undefined && p !== 'grpc') return `--service is only meaningful with --protocol grpc (got --protocol ${p})`;
  if (p === 'tls' || p === 'tcp') {
    const unfit = given([['--scheme', opts.scheme !== undefined], ['--method', opts.method !== undefined], ['--path', opts.path !== undefined],
      ['--header', opts.header.length > 0], ['--jwt', opts.jwt !== undefined], ['--jwt-claims', opts.jwtClaims !== undefined],
      ['--client-cert', opts.clientCert === true || opts.clientCertSan !== undefined], ['--host', p === 'tcp' && opts.host !== undefined],
      ['--sni', p === 'tcp' && opts.sni !== undefined]]);
    if (unfit.length > 0) return `${unfit.join(', ')} ${unfit.length === 1 ? 'is' : 'are'} not meaningful with --protocol ${p}`;
    if (p === 'tls' && opts.sni === undefined && opts.host === undefined) return '--protocol tls needs --sni, e.g. --sni db.example.com';
    if (p === 'tcp' && opts.port === undefined) return '--protocol tcp needs --port, e.g. --port 5432';
    return undefined;
  }
  if (opts.host === undefined) return `required option '--host <host>' not specified (--protocol ${p} needs it, e.g. --host shop.example.com)`;
  if (p === 'grpc') {
    if (opts.service === undefined || opts.method === undefined) return '--protocol grpc needs --service and --method, e.g. --service shop.v1.Catalog --method GetItem';
    if (opts.path !== undefined) return '--path is not meaningful with --protocol grpc: the path is /<service>/<method>';
  }
  return undefined;
}

function collectHeader(value: string, previous: string[]): string[] {
  if (value.indexOf(':') <= 0) {
    throw new InvalidArgumentError(`header must look like 'name: value', got '${value}'`);
  }
  return [...previous, value];
}

/**
 * Registers `simulate <paths...>`: prints one JSON decision for a request.
 * @internal
 */
export function registerSimulateCommand(program: Command, setCode: (code: number) => void): void {
  addSimulationOptions(program.command('simulate'))
    .description('answer which listener, route, rule and backends a request reaches; prints one JSON object')
    .argument('<paths...>', 'YAML files or directories')
    .option('--gateway <gateway>', 'the Gateway as namespace/name or name (default: the only Gateway)')
    .option('--protocol <protocol>', 'http, grpc (a gRPC call: --service and --method), tls (a TLS passthrough connection: --sni) '
      + 'or tcp (a TCP connection: --port)', parseProtocol, 'http')
    .option('--port <port>', 'the port (default: 80 for http and grpc, 443 for https and tls)', parsePort)
    .option('--scheme <scheme>', 'http or https, for http and grpc (default: http)')
    .option('--host <host>', 'the Host header (required for http and grpc)')
    .option('--method <method>', 'the HTTP method (default: GET); with --protocol grpc, the gRPC method, e.g. GetItem')
    .option('--service <service>', 'the gRPC service of a --protocol grpc call, e.g. shop.v1.Catalog')
    .option('--path <path>', 'the path, optionally with ?query (default: /)')
    .option('--header <header>', "a request header 'name: value' (repeatable)", collectHeader, [])
    .option('--sni <name>', 'the TLS server name of an https request (default: the host without port) or of a --protocol tls connection')
    .option('--jwt-claims <json>', 'claims of a valid JWT the request carries, e.g. \'{"iss":"https://auth.example.com","sub":"alice"}\'', parseClaims)
    .option('--jwt <token>', 'a JWT sent as Authorization: Bearer (decoded, not verified)')
    .option('--source-ip <ip>', 'the client IP address, for AuthorizationPolicy ipBlocks and source.ip', parseIp)
    .option('--client-cert', 'the https request presents a client certificate')
    .option('--client-cert-san <san>', 'the SAN of the client certificate the https request presents (implies --client-cert)')
    .addHelpText('after', INPUT_HELP)
    .action((paths: string[], opts: SimulateOptions) => {
      // any failure, expected or internal, is one line and exit 2: never a stack trace
      try {
        process.stdout.write(`${escapeJson(simulate(paths, opts))}\n`);
        setCode(0);
      } catch (e) {
        process.stderr.write(`error: ${errorLine(e)}\n`);
        setCode(2);
      }
    });
}

/** Runs `simulate`; returns the decision as pretty-printed JSON. */
function simulate(paths: string[], opts: SimulateOptions): string {
  const problem = protocolProblem(opts);
  if (problem) throw new Error(problem);
  const set = loadManifests(paths, opts);
  const simulator = TrafficSimulator.fromManifests(set, simulatorOptions(opts));
  const headers: { [name: string]: string } = {};
  for (const h of opts.header) {
    const colon = h.indexOf(':');
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  if (opts.jwt !== undefined) headers.authorization = `Bearer ${opts.jwt}`;
  const clientCertificate = opts.clientCert || opts.clientCertSan !== undefined ? { san: opts.clientCertSan } : undefined;
  const connection = opts.protocol === 'tls' || opts.protocol === 'tcp';
  const decision = simulator.request(connection
    ? { protocol: opts.protocol, gateway: opts.gateway, port: opts.port, sni: opts.sni ?? opts.host, sourceIp: opts.sourceIp }
    : {
      protocol: opts.protocol,
      gateway: opts.gateway,
      port: opts.port,
      scheme: opts.scheme,
      host: opts.host,
      sni: opts.sni,
      service: opts.service,
      method: opts.method,
      path: opts.path,
      headers,
      jwtClaims: opts.jwtClaims,
      sourceIp: opts.sourceIp,
      clientCertificate,
    });
  return JSON.stringify(decision.toJson(), undefined, 2);
}
