import { Chart, Testing } from 'cdk8s';

/** A chart in namespace `shop` of a fresh app. */
export function shopChart(namespace: string | undefined = 'shop'): Chart {
  return new Chart(Testing.app(), 'shop', { namespace });
}

/** The synthesized objects of a chart, by kind. */
export function objectsOfKind(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter((o: any) => o.kind === kind);
}

/** The only object of a kind. */
export function single(chart: Chart, kind: string): any {
  const all = objectsOfKind(chart, kind);
  if (all.length !== 1) throw new Error(`expected one ${kind}, got ${all.length}`);
  return all[0];
}

export const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
export const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----';
