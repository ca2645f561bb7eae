import * as fs from 'fs';
import { Command, Option } from 'commander';
import { addSimulationOptions, INPUT_HELP, loadManifests, SimulationCliOptions, simulatorOptions } from './input';
import { errorLine, escapeControl } from './terminal-text';
import { GATEWAY_GROUP } from '../gateway-api/gateway-api';
import { RoutingGraph, RoutingGraphFormat } from '../graph/routing-graph';

interface GraphOptions extends SimulationCliOptions {
  readonly format: string;
  readonly out?: string;
}

/**
 * Registers `graph <paths...>`: draws Gateways, listeners, routes, rules and
 * backends as Mermaid (default) or DOT, on stdout or into `--out`.
 * @internal
 */
export function registerGraphCommand(program: Command, setCode: (code: number) => void): void {
  addSimulationOptions(program.command('graph'), 'shown')
    .description('draw Gateway -> listeners -> routes -> rules -> backends, with weights, redirects and policies, as Mermaid or DOT')
    .argument('<paths...>', 'YAML files or directories')
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot']).default('mermaid'))
    .option('--out <file>', 'write the graph to this file instead of stdout (a .md file gets a Markdown document with a mermaid block)')
    .addHelpText('after', INPUT_HELP)
    .action((paths: string[], opts: GraphOptions) => {
      // any failure, expected or internal, is one line and exit 2: never a stack trace
      try {
        graph(paths, opts);
        setCode(0);
      } catch (e) {
        process.stderr.write(`error: ${errorLine(e)}\n`);
        setCode(2);
      }
    });
}

/** Runs `graph`: renders, then writes to `--out` or stdout. Throws (one line) on bad input. */
function graph(paths: string[], opts: GraphOptions): void {
  const set = loadManifests(paths, opts);
  if (set.files.length === 0) {
    throw new Error(`no YAML files found in ${paths.join(', ')} (files must end in .yaml or .yml)`);
  }
  if (set.ofKind('Gateway', GATEWAY_GROUP).length === 0 && set.ofKind('HTTPRoute', GATEWAY_GROUP).length === 0) {
    process.stderr.write('warning: no Gateway or HTTPRoute (gateway.networking.k8s.io) in the input; the graph is empty\n');
  }
  const routing = RoutingGraph.fromManifests(set, simulatorOptions(opts));
  const dot = opts.format === 'dot';
  // a Markdown file gets the flowchart in a fenced mermaid block, which GitHub and GitLab draw
  const markdown = !dot && opts.out !== undefined && /\.(md|markdown)$/i.test(opts.out);
  const text = markdown ? routing.toMarkdown() : routing.render(dot ? RoutingGraphFormat.DOT : RoutingGraphFormat.MERMAID);
  if (opts.out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(opts.out, text);
  } catch (e) {
    throw new Error(`cannot write ${escapeControl(opts.out)}: ${writeProblem(e)}`);
  }
}

/** Why a file cannot be written, in words. */
function writeProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOENT': return 'its directory does not exist';
    case 'ENOTDIR': return 'a path component is not a directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    case 'EROFS': return 'the file system is read-only';
    case 'ENOSPC': return 'no space left on the device';
    default: return (e as NodeJS.ErrnoException)?.code ?? errorLine(e);
  }
}
