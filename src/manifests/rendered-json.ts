import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The JSON of each ApiObject of an App, kept for the length of one synthesis
 * so that it is rendered once: the synth-time analysis reads it, then the
 * synthesis writes the same JSON. Without a synthesis in progress every
 * call renders anew, as `toJson()` does.
 *
 * Sound because the App does not change between the analysis and the
 * rendering: GitOpsSynth runs the App-wide analysis after every other
 * validation (`internal/validation-order.ts`), dependency resolution only
 * orders objects, and readers never change the JSON they are given.
 */
const sessions = new WeakMap<IConstruct, Map<ApiObject, any>>();

/**
 * Runs `work` with the JSON of the App's objects kept from their first
 * rendering until `takeJson` hands it out. Not reentrant per App: a nested
 * call for the same App shares the outer session.
 */
export function withRenderedJson<T>(app: IConstruct, work: () => T): T {
  const root = app.node.root;
  if (sessions.has(root)) return work();
  sessions.set(root, new Map());
  try {
    return work();
  } finally {
    sessions.delete(root);
  }
}

/** The object's JSON: kept from earlier in this synthesis (and kept for later), else rendered now. */
export function renderedJson(o: ApiObject): any {
  const session = sessions.get(o.node.root);
  if (!session) return o.toJson();
  let json = session.get(o);
  if (json === undefined) {
    json = o.toJson();
    session.set(o, json);
  }
  return json;
}

/** The object's JSON for writing it out: kept from earlier in this synthesis (and released), else rendered now. */
export function takeJson(o: ApiObject): any {
  const session = sessions.get(o.node.root);
  const json = session?.get(o);
  if (json === undefined) return o.toJson();
  session!.delete(o);
  return json;
}
