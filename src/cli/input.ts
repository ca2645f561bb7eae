import { Command, InvalidArgumentError } from 'commander';
import { escapeControl } from './terminal-text';
import { ManifestSet } from '../manifests/manifest-set';
import { TrafficSimulatorOptions } from '../simulation/traffic-simulator';

/** The default of `--max-file-size`, in MiB: ManifestSet.DEFAULT_MAX_FILE_BYTES. */
export const DEFAULT_MAX_FILE_MIB = ManifestSet.DEFAULT_MAX_FILE_BYTES / (1024 * 1024);

/** Help text of `--max-file-size`. */
export const MAX_FILE_SIZE_HELP = 'refuse files larger than this many MiB';

/**
 * Help text on input, limits and exit codes, shown after the options.
 * @internal
 */
export const INPUT_HELP = `
Input:
  Directories are searched for .yaml/.yml files. A file found there in which
  no document has apiVersion and kind (a CI workflow, a Helm values file) is
  skipped with a warning; a file named on the command line must hold
  Kubernetes objects. Only regular files are read: FIFOs and devices are
  refused, and so are files larger than --max-file-size (default ${DEFAULT_MAX_FILE_MIB} MiB).

Exit codes:
  0  success (validate: no error findings)
  1  validate found error findings
  2  usage error, unreadable, invalid or refused input, or an unexpected failure
`;

/**
 * Parses `--max-file-size`: a positive number of MiB.
 * @internal
 */
export function parseMaxFileSize(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || !(n > 0)) {
    throw new InvalidArgumentError(`max file size must be a positive number of MiB, got ${value}`);
  }
  return n;
}

/** Options shared by the commands that read YAML. */
export interface InputOptions {
  readonly defaultNamespace: string;
  readonly maxFileSize: number;
}

/**
 * Reads the manifests under `paths` and prints one warning line on stderr
 * for each file found in a directory and skipped because it is not
 * Kubernetes YAML. Throws with one line on unreadable, special, oversized or
 * invalid input.
 * @internal
 */
export function loadManifests(paths: string[], opts: InputOptions): ManifestSet {
  const set = ManifestSet.fromPaths(paths, {
    defaultNamespace: opts.defaultNamespace,
    maxFileBytes: Math.floor(opts.maxFileSize * 1024 * 1024),
  });
  for (const file of set.skipped) {
    process.stderr.write(`warning: skipping ${escapeControl(file.path)}: ${escapeControl(file.reason)}\n`);
  }
  return set;
}

/** The options `addSimulationOptions` adds, as commander parses them. */
export interface SimulationCliOptions extends InputOptions {
  readonly assumeServices?: boolean;
  readonly external: string[];
  readonly istioVersion?: string;
  readonly experimental?: boolean;
}

/**
 * The simulator options those command-line options give.
 * @internal
 */
export function simulatorOptions(opts: SimulationCliOptions): TrafficSimulatorOptions {
  return {
    assumeServicesExist: opts.assumeServices ?? false,
    externalObjects: opts.external,
    istioVersion: opts.istioVersion,
    experimental: opts.experimental ?? false,
  };
}

/**
 * Adds the options every command that simulates takes: `--assume-services`,
 * `--external`, `--istio-version`, `--experimental`, `--default-namespace`
 * and `--max-file-size`. `verb` completes the `--istio-version` help
 * ("the Istio release whose behaviour is simulated").
 * @internal
 */
export function addSimulationOptions(command: Command, verb: string = 'simulated'): Command {
  return command
    .option('--assume-services', 'treat backend Services that are not in the input as existing')
    .option('--external <object>', 'an object that exists but is not in the files, as \'Kind namespace/name\' (repeatable), e.g. \'Service shop/api\'',
      (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--istio-version <version>', `the Istio release whose behaviour is ${verb}, e.g. 1.31 (default: 1.30)`)
    .option('--experimental', 'the cluster runs the experimental-channel Gateway API CRDs (accept HTTPRoute retry, ...)')
    .option('--default-namespace <namespace>', 'namespace of objects that name none', 'default')
    .option('--max-file-size <MiB>', MAX_FILE_SIZE_HELP, parseMaxFileSize, DEFAULT_MAX_FILE_MIB);
}
