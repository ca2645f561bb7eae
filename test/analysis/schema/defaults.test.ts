import { withDefaults } from '../../../src/analysis/schema/defaults';

const schema: any = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        mode: { type: 'string', default: 'Terminate' },
        gone: { type: 'string' },
        kept: { type: 'string', nullable: true },
        rules: { type: 'array', items: { type: 'object', properties: { weight: { type: 'integer', default: 1 }, name: { type: 'string' } } } },
        labels: { type: 'object', additionalProperties: { type: 'object', properties: { on: { type: 'boolean', default: true } } } },
        nested: { type: 'object', default: {}, properties: { inner: { type: 'string', default: 'x' } } },
      },
    },
    untouched: { type: 'object', properties: { a: { type: 'string' } } },
  },
};

describe('withDefaults (the API server\'s structural defaulting)', () => {
  const input = {
    spec: { gone: null, kept: null, rules: [{ name: 'a' }, { name: 'b', weight: 5 }], labels: { x: {}, y: { on: false } } },
    untouched: { a: 'b' },
  };
  const before = JSON.stringify(input);
  const out: any = withDefaults(input, schema);

  test('applies defaults recursively (list items, map values, inside defaulted values) and drops null in non-nullable fields', () => {
    expect(out).toEqual({
      spec: {
        kept: null,
        rules: [{ name: 'a', weight: 1 }, { name: 'b', weight: 5 }],
        labels: { x: { on: true }, y: { on: false } },
        mode: 'Terminate',
        nested: { inner: 'x' },
      },
      untouched: { a: 'b' },
    });
  });

  test('never changes its input, and shares what it does not default', () => {
    expect(JSON.stringify(input)).toBe(before);
    expect(out.untouched).toBe(input.untouched);
    expect(out.spec.rules[1]).toBe(input.spec.rules[1]);
    expect(out.spec.labels.y).toBe(input.spec.labels.y);
    const plain = { untouched: { a: 'c' } };
    expect(withDefaults(plain, { type: 'object', properties: { untouched: schema.properties.untouched } })).toBe(plain);
  });

  test('a default value is copied, not shared between objects', () => {
    const a: any = withDefaults({ spec: {} }, schema);
    const b: any = withDefaults({ spec: {} }, schema);
    expect(a.spec.nested).not.toBe(b.spec.nested);
    expect(schema.properties.spec.properties.nested.default).toEqual({});
  });
});
