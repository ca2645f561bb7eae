/**
 * Synthesizes examples into their committed `dist/` folders.
 *
 *   npx ts-node --transpile-only examples/synth.ts               # every example
 *   npx ts-node --transpile-only examples/synth.ts seed-000-canary
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES, synthExample } from './registry';

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(EXAMPLES);
for (const name of names) {
  if (!EXAMPLES[name]) {
    console.error(`unknown example "${name}"; examples: ${Object.keys(EXAMPLES).join(', ')}`);
    process.exit(2);
  }
  const outdir = path.join(__dirname, name, 'dist');
  fs.rmSync(outdir, { recursive: true, force: true });
  const files = synthExample(name, outdir);
  console.log(`${name}: wrote ${files.length} file(s) to ${path.relative(process.cwd(), outdir)}/`);
  for (const f of files) console.log(`  ${path.relative(process.cwd(), f)}`);
}
