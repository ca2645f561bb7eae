import { joinFieldPath, joinPath, schemaAt } from '../../../src/analysis/schema/schema-path';

describe('field paths', () => {
  test('joinPath quotes names that are not identifiers', () => {
    expect(joinPath('', 'spec')).toBe('spec');
    expect(joinPath('spec', 'listeners')).toBe('spec.listeners');
    expect(joinPath('metadata.labels', 'app.kubernetes.io/name')).toBe('metadata.labels["app.kubernetes.io/name"]');
  });

  test('joinFieldPath appends a rule fieldPath', () => {
    expect(joinFieldPath('spec', '.replicas')).toBe('spec.replicas');
    expect(joinFieldPath('spec.list', '[0]')).toBe('spec.list[0]');
    expect(joinFieldPath('', '.spec')).toBe('spec');
    expect(joinFieldPath('spec', '')).toBe('spec');
  });

  test('schemaAt follows properties, list items and map values', () => {
    const leaf = { type: 'string' };
    const root = {
      type: 'object',
      properties: {
        spec: { type: 'object', properties: { rules: { type: 'array', items: { type: 'object', properties: { name: leaf } } } } },
        labels: { type: 'object', additionalProperties: leaf },
      },
    };
    expect(schemaAt(root, 'spec.rules[3].name')).toBe(leaf);
    expect(schemaAt(root, 'labels["app.kubernetes.io/name"]')).toBe(leaf);
    expect(schemaAt(root, 'spec.rules[0].retry')).toBeUndefined();
    expect(schemaAt(root, 'spec.rules[0].name.deeper')).toBeUndefined();
  });
});
