import { Command, InvalidArgumentError } from 'commander';
import { addSimulationOptions, INPUT_HELP, loadManifests, SimulationCliOptions, simulatorOptions } from './input';
import { errorLine, escapeControl, escapeJson } from './terminal-text';
import { RoutingDiff } from '../diff/routing-diff';

interface DiffOptions extends SimulationCliOptions {
  readonly old: string[];
  readonly new: string[];
  readonly alias: Array<[string, string]>;
  readonly gateway: Array<[string, string]>;
  readonly json?: boolean;
  readonly maxRequests?: number;
}

const DIFF_HELP = `
Exit codes of diff:
  0  every request of the corpus routes the same on both sides
  1  at least one request routes differently (each is printed)
  2  usage error, unreadable, invalid or refused input, or an unexpected failure

The corpus: every host, port and scheme served, the paths, header, query and method variants of the
matches; a TLS connection per server name (and one nobody serves) on each TLS port; a TCP connection
on each TCP port. Requests that differ the same way are printed once, with their count and 3 examples
(--json lists every one).

Example:
  cdk8s-istio-gateway diff istio/ gateway-api/ --alias default/reviews#v1=default/reviews-v1
`;

function collectPath(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses `old=new` for `--alias` and `--gateway`. */
function collectPair(flag: string): (value: string, previous: Array<[string, string]>) => Array<[string, string]> {
  return (value, previous) => {
    const eq = value.indexOf('=');
    const from = eq < 0 ? '' : value.slice(0, eq).trim();
    const to = eq < 0 ? '' : value.slice(eq + 1).trim();
    if (from === '' || to === '') {
      throw new InvalidArgumentError(`${flag} must look like old=new, e.g. ${flag === '--alias'
        ? 'default/reviews#v1=default/reviews-v1' : 'istio-system/bookinfo-gateway=default/bookinfo'}, got '${value}'`);
    }
    if (previous.some(([f]) => f === from)) throw new InvalidArgumentError(`${flag} names ${from} twice`);
    return [...previous, [from, to]];
  };
}

function parseMaxRequests(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !(n >= 1)) throw new InvalidArgumentError(`max requests must be a positive integer, got ${value}`);
  return n;
}

/**
 * Registers `diff <old> <new>`: generates a request corpus from both sets
 * of manifests and prints every request they route differently. Exit 0
 * when equal, 1 on a difference, 2 on usage errors or bad input.
 * @internal
 */
export function registerDiffCommand(program: Command, setCode: (code: number) => void): void {
  addSimulationOptions(program.command('diff'))
    .description('prove two sets of manifests route the same (e.g. VirtualServices and the HTTPRoutes migrated from them): '
      + 'sends a generated request corpus to both and prints every request routed differently')
    .argument('[paths...]', '<old> <new>: two YAML files or directories (or use --old and --new)')
    .option('--old <path>', 'a YAML file or directory of the old side (repeatable; instead of the positional <old>)', collectPath, [] as string[])
    .option('--new <path>', 'a YAML file or directory of the new side (repeatable; instead of the positional <new>)', collectPath, [] as string[])
    .option('--alias <old=new>', 'an old backend (namespace/name#subset or namespace/name) and the new namespace/name that stands for it (repeatable; '
      + 'default for a subset: the one new Service in its namespace whose selector is the old Service\'s selector plus the subset\'s labels)',
    collectPair('--alias'), [] as Array<[string, string]>)
    .option('--gateway <old=new>', 'an old gateway and the new gateway that replaces it, namespace/name (repeatable; default: same name, '
      + 'or the only gateway on each side)', collectPair('--gateway'), [] as Array<[string, string]>)
    .option('--json', 'print the result as JSON')
    .option('--max-requests <n>', 'the largest request corpus (default: 10000)', parseMaxRequests)
    .addHelpText('after', INPUT_HELP + DIFF_HELP)
    .action((paths: string[], opts: DiffOptions) => {
      // any failure, expected or internal, is one line and exit 2: never a stack trace
      try {
        setCode(diff(paths, opts));
      } catch (e) {
        process.stderr.write(`error: ${errorLine(e)}\n`);
        setCode(2);
      }
    });
}

/** Runs `diff`; returns the exit code. */
function diff(paths: string[], opts: DiffOptions): number {
  let oldPaths = opts.old;
  let newPaths = opts.new;
  if (oldPaths.length > 0 || newPaths.length > 0) {
    if (paths.length > 0) throw new Error(`give the two sides either as <old> <new> or with --old and --new, not both (extra: ${paths.join(' ')})`);
    if (oldPaths.length === 0) throw new Error('--new needs --old: give the old side with --old <path>');
    if (newPaths.length === 0) throw new Error('--old needs --new: give the new side with --new <path>');
  } else {
    if (paths.length !== 2) {
      throw new Error(`diff needs two paths, <old> <new> (files or directories), got ${paths.length}${paths.length > 2 ? '; use --old and --new for several files per side' : ''}`);
    }
    oldPaths = [paths[0]];
    newPaths = [paths[1]];
  }
  const oldSet = loadManifests(oldPaths, opts);
  const newSet = loadManifests(newPaths, opts);
  const result = RoutingDiff.compare(oldSet, newSet, {
    ...simulatorOptions(opts),
    backendAliases: Object.fromEntries(opts.alias),
    gatewayPairs: Object.fromEntries(opts.gateway),
    maxRequests: opts.maxRequests,
  });
  process.stdout.write(opts.json ? `${escapeJson(JSON.stringify(result.toJson(), undefined, 2))}\n` : result._text(escapeControl));
  return result.equal ? 0 : 1;
}
