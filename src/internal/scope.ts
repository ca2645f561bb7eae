import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The namespace objects created under `scope` land in: the explicit one, else
 * the chart's namespace.
 * @internal
 */
export function namespaceOf(scope: IConstruct, explicit?: string): string | undefined {
  if (explicit) return explicit;
  try {
    return Chart.of(scope).namespace;
  } catch {
    return undefined;
  }
}
