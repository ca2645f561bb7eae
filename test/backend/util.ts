import { Chart, Testing } from 'cdk8s';

/** A fresh chart in namespace `shop`. */
export function shopChart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'shop' });
}

/** The synthesized object of this kind and name; fails when missing. */
export function objectOf(chart: Chart, kind: string, name: string): any {
  const found = Testing.synth(chart).filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  }
  return found[0];
}

/** `kind/name` of every synthesized object, in output order. */
export function kindsAndNames(chart: Chart): string[] {
  return Testing.synth(chart).map(o => `${o.kind}/${o.metadata.name}`);
}
