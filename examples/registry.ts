import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { RoutingGraph } from '../src';

/** Builds an example's charts into an App. */
export type ExampleBuilder = (app: App) => void;

/** Every example, by folder name. Each folder has `app.ts` exporting `build`. */
export const EXAMPLES: Record<string, ExampleBuilder> = {};
for (const entry of fs.readdirSync(__dirname).sort()) {
  const appFile = path.join(__dirname, entry, 'app.ts');
  if (fs.existsSync(appFile)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    EXAMPLES[entry] = require(appFile).build;
  }
}

/** Synthesizes one example into `outdir`, with its routing picture `routing.md`; returns the files written, sorted. */
export function synthExample(name: string, outdir: string): string[] {
  const app = new App({ outdir });
  EXAMPLES[name](app);
  app.synth();
  fs.writeFileSync(path.join(outdir, 'routing.md'), RoutingGraph.fromApp(app).toMarkdown(`Routing of ${name}`));
  return fs.readdirSync(outdir).sort().map((f) => path.join(outdir, f));
}
