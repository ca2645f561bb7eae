import { IConstruct } from 'constructs';

/**
 * Marks a construct whose validation reads the whole App (the synth-time
 * analysis): a synthesis that renders objects once and reuses that JSON
 * (GitOpsSynth) runs it after every other validation, so that it reads the
 * App as the files will be written even when another validation changes an
 * object. Errors are still reported in construct-tree order.
 */
const VALIDATES_LAST = Symbol.for('cdk8s-istio-gateway.validatesLast');

/** Marks `c` to be validated after every other construct. */
export function markValidatesLast(c: IConstruct): void {
  Object.defineProperty(c, VALIDATES_LAST, { value: true });
}

/** Whether `c` is validated after every other construct. */
export function validatesLast(c: IConstruct): boolean {
  return (c as any)[VALIDATES_LAST] === true;
}
