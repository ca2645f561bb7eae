import { Chart, Testing } from 'cdk8s';

/**
 * The one chart helper of the test suites: a chart of a fresh App, in
 * namespace `shop` unless another is given (`null`: no namespace).
 */
export function shopChart(namespace: string | null = 'shop', id = 'shop'): Chart {
  return new Chart(Testing.app(), id, { namespace: namespace ?? undefined });
}

/** `kind/name` of every synthesized object, in output order. */
export function kindsAndNames(chart: Chart): string[] {
  return Testing.synth(chart).map((o: any) => `${o.kind}/${o.metadata.name}`);
}

/** The synthesized objects of a chart with the given kind. */
export function objectsOfKind(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter((o: any) => o.kind === kind);
}

/** The only synthesized object of a kind (and name, when given); fails when there is not exactly one. */
export function single(chart: Chart, kind: string, name?: string): any {
  const all = objectsOfKind(chart, kind).filter((o) => name === undefined || o.metadata?.name === name);
  if (all.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, got ${all.length}`);
  return all[0];
}
