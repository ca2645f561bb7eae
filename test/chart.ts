import { Chart, Testing } from 'cdk8s';

/**
 * The one chart helper of the test suites: a chart of a fresh App, in
 * namespace `shop` unless another (or none, with `undefined`) is given.
 */
export function shopChart(namespace: string | undefined = 'shop', id = 'shop'): Chart {
  return new Chart(Testing.app(), id, { namespace });
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
