import { annotationsSize } from './core-value-checks';
import { Issue, IssueKind } from './issue';
import { joinPath } from './schema-path';
import { JsonSchema } from './schema-types';
import { DNS_1035_LABEL_RE as DNS1035_LABEL, DNS_LABEL_RE as DNS1123_LABEL, DNS_SUBDOMAIN_RE as DNS1123_SUBDOMAIN } from '../../internal/names';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** `metadata` as the API server checks it for every kind (the CRD schemas leave it open). */
export const OBJECT_META: JsonSchema = {
  'type': 'object',
  'x-kubernetes-preserve-unknown-fields': true,
  'properties': {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string', maxLength: 63, pattern: DNS1123_LABEL.source },
    labels: {
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$' },
    },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' } },
  },
};

/** Kinds whose names must be DNS labels rather than DNS subdomains. */
const NAME_RULES: { [kind: string]: [RegExp, number, string] } = {
  Namespace: [DNS1123_LABEL, 63, 'a lowercase RFC 1123 label (a-z, 0-9 and "-", starting and ending with a letter or digit)'],
  Service: [DNS1035_LABEL, 63, 'a lowercase RFC 1035 label (a-z, 0-9 and "-", starting with a letter)'],
};
const SUBDOMAIN_RULE: [RegExp, number, string] = [
  DNS1123_SUBDOMAIN, 253, 'a lowercase RFC 1123 subdomain (a-z, 0-9, "-" and ".", starting and ending with a letter or digit)',
];

/** A label or annotation key: an optional DNS subdomain prefix and `/`, then a name of up to 63 characters. */
function keyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `the prefix "${prefix}" must be a lowercase DNS subdomain of at most 253 characters`;
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `the name part "${name}" must be at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

/**
 * The `metadata` checks of the API server that a schema cannot express:
 * the object name for its kind, label and annotation keys, and the total
 * size of the annotations (256 KiB).
 */
export function objectMetaIssues(kind: string, metadata: any): Issue[] {
  const issues: Issue[] = [];
  const meta = metadata && typeof metadata === 'object' ? metadata : {};
  if (!meta.name && !meta.generateName) {
    issues.push({ kind: IssueKind.SCHEMA, path: 'metadata.name', message: 'metadata.name is required' });
  } else if (typeof meta.name === 'string' && meta.name) {
    const [re, max, what] = NAME_RULES[kind] ?? SUBDOMAIN_RULE;
    if (meta.name.length > max || !re.test(meta.name)) {
      issues.push({ kind: IssueKind.SCHEMA, path: 'metadata.name', message: `name "${meta.name}" must be ${what}, at most ${max} characters` });
    }
  }
  for (const field of ['labels', 'annotations']) {
    const map = meta[field];
    if (!map || typeof map !== 'object' || Array.isArray(map)) continue;
    for (const key of Object.keys(map)) {
      const problem = keyProblem(key);
      if (problem) {
        issues.push({ kind: IssueKind.SCHEMA, path: joinPath(`metadata.${field}`, key), message: `invalid ${field === 'labels' ? 'label' : 'annotation'} key "${key}": ${problem}` });
      }
    }
  }
  annotationsSize(meta.annotations, 'metadata.annotations', (path, message) => issues.push({ kind: IssueKind.SCHEMA, path, message }));
  return issues;
}
