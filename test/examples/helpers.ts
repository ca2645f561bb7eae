import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { EXAMPLES, synthExample } from '../../examples/registry';
import { GatewayApiChannel } from '../../src';

export const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');

/** Every object in an example's committed dist/, in file and document order. */
export function committedObjects(example: string): any[] {
  const dist = path.join(EXAMPLES_DIR, example, 'dist');
  return fs.readdirSync(dist).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) =>
    parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf8')).map((d) => d.toJS()).filter((o) => o != null));
}

/** The one object of a kind and name in an example's dist/. */
export function object(example: string, kind: string, name: string): any {
  const found = committedObjects(example).filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name} in ${example}, found ${found.length}`);
  return found[0];
}

/** Synthesizes an example into a fresh temp dir; returns file name -> content. */
export function freshSynth(example: string): Map<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${example}-`));
  const out = new Map<string, string>();
  for (const file of synthExample(example, dir)) out.set(path.basename(file), fs.readFileSync(file, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

export const EXAMPLE_NAMES = Object.keys(EXAMPLES);

/** Whether an example's App targets the experimental Gateway API channel. */
export function experimentalChannel(example: string): boolean {
  const app = new App({ outdir: '/dev/null' });
  EXAMPLES[example](app);
  return GatewayApiChannel.of(app).isExperimental;
}
