import { Yaml } from 'cdk8s';
import { buildApp, Layout, Variant } from './services';
import { Analyzer } from '../src/analysis/analyzer';
import { ManifestSet } from '../src/manifests/manifest-set';
const t: Record<string, number> = {};
function wrap(obj: any, name: string, label: string) {
  const orig = obj[name];
  obj[name] = function (...args: any[]) {
    const s = process.cpuUsage();
    try { return orig.apply(this, args); } finally { const u = process.cpuUsage(s); t[label] = (t[label] ?? 0) + (u.user + u.system) / 1000; }
  };
}
wrap(Yaml, 'stringify', 'yaml');
wrap(Analyzer.prototype, 'analyze', 'analyze');
wrap(ManifestSet, 'fromApp', 'fromApp');
const [kase, nStr] = process.argv.slice(2); const n = Number(nStr);
const s0 = process.cpuUsage();
const app = buildApp(n, Variant.LIBRARY, Layout.ONE_CHART, kase === 'c');
const b = process.cpuUsage(s0); t.build = (b.user + b.system) / 1000;
const s1 = process.cpuUsage();
app.synthYaml();
const u = process.cpuUsage(s1); t.synthTotal = (u.user + u.system) / 1000;
console.log(kase, n, JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)]))), 'rss', Math.round(process.resourceUsage().maxRSS / 1024));
