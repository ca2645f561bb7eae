import { Command, InvalidArgumentError } from 'commander';
import { ManifestSet } from '../manifests/manifest-set';
import { TrafficSimulator } from '../simulation/traffic-simulator';

interface SimulateOptions {
  readonly gateway?: string;
  readonly port?: number;
  readonly scheme: string;
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly header: string[];
  readonly assumeServices?: boolean;
  readonly defaultNamespace: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > 65535) {
    throw new InvalidArgumentError(`port must be a number between 1 and 65535, got ${value}`);
  }
  return n;
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
  program.command('simulate')
    .description('answer which listener, route, rule and backends a request reaches; prints one JSON object')
    .argument('<paths...>', 'YAML files or directories')
    .option('--gateway <gateway>', 'the Gateway as namespace/name or name (default: the only Gateway)')
    .option('--port <port>', 'the port (default: 80 for http, 443 for https)', parsePort)
    .option('--scheme <scheme>', 'http or https', 'http')
    .requiredOption('--host <host>', 'the Host header')
    .option('--method <method>', 'the HTTP method', 'GET')
    .option('--path <path>', 'the path, optionally with ?query', '/')
    .option('--header <header>', "a request header 'name: value' (repeatable)", collectHeader, [])
    .option('--assume-services', 'treat backend Services that are not in the input as existing')
    .option('--default-namespace <namespace>', 'namespace of objects that name none', 'default')
    .action((paths: string[], opts: SimulateOptions) => {
      let simulator: TrafficSimulator;
      try {
        const set = ManifestSet.fromPaths(paths, { defaultNamespace: opts.defaultNamespace });
        simulator = TrafficSimulator.fromManifests(set, { assumeServicesExist: opts.assumeServices ?? false });
      } catch (e) {
        process.stderr.write(`error: ${(e as Error).message}\n`);
        setCode(2);
        return;
      }
      const headers: { [name: string]: string } = {};
      for (const h of opts.header) {
        const colon = h.indexOf(':');
        headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
      }
      try {
        const decision = simulator.request({
          gateway: opts.gateway,
          port: opts.port,
          scheme: opts.scheme,
          host: opts.host,
          method: opts.method,
          path: opts.path,
          headers,
        });
        process.stdout.write(`${JSON.stringify(decision.toJson(), undefined, 2)}\n`);
        setCode(0);
      } catch (e) {
        process.stderr.write(`error: ${(e as Error).message}\n`);
        setCode(2);
      }
    });
}
