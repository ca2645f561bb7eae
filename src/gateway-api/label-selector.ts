/** Labels of an object, e.g. a Namespace's `metadata.labels`. */
export interface Labels {
  readonly [key: string]: string;
}

/** The label keys a Kubernetes label selector looks at (matchLabels and matchExpressions). */
export function selectorKeys(selector: any): string[] {
  return [
    ...Object.keys(selector?.matchLabels ?? {}),
    ...(Array.isArray(selector?.matchExpressions) ? selector.matchExpressions.map((e: any) => e?.key) : []),
  ];
}

/**
 * Kubernetes label selector semantics: every matchLabels entry and every
 * matchExpressions entry (In, NotIn, Exists, DoesNotExist) must hold; an
 * empty selector matches everything; an unknown operator matches nothing.
 */
export function selectorMatches(selector: any, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  const exprs = Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : [];
  for (const e of exprs) {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values: string[] = Array.isArray(e?.values) ? e.values : [];
    switch (e?.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
