import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { GitOpsSynth, ManifestSet } from '../../src';
import { compactChildTables } from '../../src/internal/child-tables';

/** A chart per service whose first child id is the service's name, as GitOps repositories write them. */
function serviceApp(n: number): App {
  const app = Testing.app();
  for (let i = 0; i < n; i++) {
    const chart = new Chart(app, `svc${i}`, { namespace: 'shop' });
    const svc = new Construct(chart, `svc${i}`);
    new ApiObject(svc, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `svc${i}` } });
    new ApiObject(chart, `svc${i}-extra`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `svc${i}-extra` } });
  }
  return app;
}

/** The constructs library's own table of children of a node. */
function table(c: Construct): object {
  return (c.node as unknown as { _children: object })._children;
}

describe('compactChildTables', () => {
  test('keeps every child, in order, and the tree keeps working', () => {
    const app = serviceApp(3);
    const before = app.node.findAll().map((c) => c.node.path);
    const chart = app.node.findChild('svc1') as Chart;
    const original = table(chart);
    compactChildTables(app.node.findAll());

    expect(table(chart)).not.toBe(original);
    expect(Object.getPrototypeOf(table(chart))).toBe(Object.prototype);
    expect(app.node.findAll().map((c) => c.node.path)).toEqual(before);
    expect(chart.node.children.map((c) => c.node.id)).toEqual(['svc1', 'svc1-extra']);
    expect(chart.node.tryFindChild('svc1')?.node.path).toBe('svc1/svc1');

    new Construct(chart, 'later');
    expect(chart.node.children.map((c) => c.node.id)).toEqual(['svc1', 'svc1-extra', 'later']);
    expect(() => new Construct(chart, 'svc1')).toThrow(/There is already a Construct with name 'svc1'/);
    expect(chart.node.tryRemoveChild('later')).toBe(true);
    expect(chart.node.tryRemoveChild('later')).toBe(false);
    expect(chart.node.children.map((c) => c.node.id)).toEqual(['svc1', 'svc1-extra']);
  });

  test('ids named like Object.prototype members behave exactly as before', () => {
    const behaviour = (compact: boolean) => {
      const chart = serviceApp(1).node.findChild('svc0') as Chart;
      if (compact) compactChildTables([chart]);
      const outcome = (f: () => unknown) => {
        try {
          const r = f();
          return typeof r === 'function' ? 'a function' : r === undefined ? 'undefined' : String(r);
        } catch (e) {
          return `throws ${(e as Error).message.split('\n')[0]}`;
        }
      };
      return ['toString', 'constructor', 'hasOwnProperty', '__proto__'].map((id) => [
        outcome(() => chart.node.tryFindChild(id)),
        outcome(() => new Construct(chart, id)),
        outcome(() => chart.node.tryRemoveChild(id)),
      ]);
    };
    expect(behaviour(true)).toEqual(behaviour(false));
  });

  test('a second pass leaves copied tables as they are', () => {
    const app = serviceApp(2);
    compactChildTables(app.node.findAll());
    const copied = table(app.node.findChild('svc0') as Chart);
    compactChildTables(app.node.findAll());
    expect(table(app.node.findChild('svc0') as Chart)).toBe(copied);
  });

  test('keeps numeric ids in the order the constructs library gives them', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    for (const id of ['b', '10', 'a', '2']) new Construct(chart, id);
    const before = chart.node.children.map((c) => c.node.id);
    compactChildTables([chart]);
    expect(chart.node.children.map((c) => c.node.id)).toEqual(before);
  });

  test('leaves empty tables and tables of another shape alone', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const leaf = new Construct(chart, 'leaf');
    const emptyTable = table(leaf);
    compactChildTables([leaf]);
    expect(table(leaf)).toBe(emptyTable);

    const other = new Construct(chart, 'other');
    const custom = new Map<string, Construct>();
    (other.node as unknown as { _children: unknown })._children = custom;
    compactChildTables([other]);
    expect(table(other)).toBe(custom);
  });

  test('synthesis writes the same bytes, and runs it (GitOpsSynth, app.synthYaml)', () => {
    const plain = serviceApp(4).synthYaml();
    const app = serviceApp(4);
    const original = table(app.node.findChild('svc2') as Chart);
    expect(GitOpsSynth.synthYaml(app)).toBe(plain);
    // GitOpsSynth copied the tables; cdk8s's own synth of the same App still gives the same bytes
    expect(table(app.node.findChild('svc2') as Chart)).not.toBe(original);
    expect(app.synthYaml()).toBe(plain);
  });

  test('reading an App for analysis compacts it too (synth-time validation, graph, simulator)', () => {
    const app = serviceApp(2);
    const original = table(app.node.findChild('svc0') as Chart);
    expect(ManifestSet.fromApp(app).all.map((m) => m.name)).toEqual(['svc0', 'svc0-extra', 'svc1', 'svc1-extra']);
    expect(table(app.node.findChild('svc0') as Chart)).not.toBe(original);
  });
});
