import { IConstruct } from 'constructs';

/** Tables already copied: a second pass over the same App skips them. */
const compacted = new WeakSet<object>();

/**
 * Replaces each construct's table of children (the `{}` that the constructs
 * library keeps per node, keyed by child id) with a dictionary-mode copy:
 * same keys, same order, same values, same prototype (`Object.prototype`,
 * so ids such as `toString` or `constructor` behave exactly as before).
 * Nothing the constructs library does with the table (lookup by key, `in`,
 * `delete`, `Object.values()`) behaves differently on the copy.
 *
 * Why: with one chart per service, the first child id of every chart is
 * unique (usually the service's name), so the App holds thousands of
 * long-lived plain objects, each starting with a property name no other
 * object starts with. Past about 1,000 to 1,500 such charts, rendering
 * became 2.5 to 4 times slower per object (measured: `toJson()` of the
 * 27,001 objects of 3,000 services took 2.8 s in 1,000 charts, 8.8 s in
 * 1,500 charts and 10.9 s in 3,000 charts, and 3.6 s in 3,000 charts after
 * this copy; 90,001 objects in 10,000 charts 33 s, after the copy 12.5 s);
 * plain-object work unrelated to the tree (sanitizing a `JSON.parse` copy of
 * the same JSON) slowed down as much. This is consistent with V8's shared
 * hidden-class transitions from `{}`, of which one class may have at most
 * 1,536: a dictionary-mode object takes no transitions, and the ones the
 * old tables took are released when those tables are garbage-collected.
 *
 * Tables that are not plain objects (another version of the constructs
 * library) are left alone.
 */
export function compactChildTables(constructs: Iterable<IConstruct>): void {
  for (const c of constructs) {
    const node = c.node as unknown as { _children?: unknown };
    const table = node._children as { [id: string]: IConstruct } | undefined;
    if (table === null || typeof table !== 'object' || compacted.has(table)) continue;
    if (Object.getPrototypeOf(table) !== Object.prototype) continue;
    const keys = Object.keys(table);
    if (keys.length === 0) continue;
    // a null-prototype object starts in dictionary mode and stays there when its prototype is set afterwards
    const copy: { [id: string]: IConstruct } = Object.create(null);
    for (const key of keys) copy[key] = table[key];
    Object.setPrototypeOf(copy, Object.prototype);
    compacted.add(copy);
    node._children = copy;
  }
}
