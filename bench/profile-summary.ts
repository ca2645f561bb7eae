/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): self time by function and
 * by source file, most first. Use it to see where a bench case spends its time:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof -r ts-node/register/transpile-only bench/users.bench.ts --child f 1000
 *   npx ts-node --transpile-only bench/profile-summary.ts /tmp/prof/*.cpuprofile [top]
 */
import * as fs from 'fs';
import * as path from 'path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}

interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Self time in ms by key, most first. */
function rank(profile: Profile, keyOf: (n: ProfileNode) => string): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

function shortUrl(url: string): string {
  const i = url.indexOf('/node_modules/');
  if (i >= 0) return url.slice(i + 1);
  return url ? path.relative(process.cwd(), url.replace(/^file:\/\//, '')) : '(native)';
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(topArg ?? 25);
  const profile: Profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const total = profile.timeDeltas.reduce((s, d) => s + d, 0) / 1000;
  const line = ([k, ms]: [string, number]) => `${ms.toFixed(0).padStart(8)} ms ${(100 * ms / total).toFixed(1).padStart(5)}%  ${k}`;
  console.log(`total ${total.toFixed(0)} ms\n\nby file:`);
  for (const r of rank(profile, (n) => shortUrl(n.callFrame.url)).slice(0, top)) console.log(line(r));
  console.log('\nby function:');
  for (const r of rank(profile, (n) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`).slice(0, top)) {
    console.log(line(r));
  }
}

main();
