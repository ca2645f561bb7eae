/**
 * Envoy validates a whole route configuration at once: one RegularExpression
 * that RE2 rejects makes Envoy reject (NACK) the route configuration of the
 * port (istio/istio#49607, #49993), so no later change of any route on it
 * takes effect, and a gateway pod that starts (or restarts) then serves no
 * route of that port at all: every host answers 404 (istio/istio#56807).
 * Istio builds one route table per HTTP port (`http.<port>`, shared by every
 * HTTP listener on the port) and one per HTTPS listener.
 */
import { attachRoutes } from './attachment';
import { GatewayInfo, ListenerInfo, SimulationModel } from './model';
import { regexValuesOf } from '../gateway-api/regex-values';
import { re2Problem } from '../internal/re2';

/** The first RegularExpression of a route table that Envoy rejects. */
export interface RejectedExpression {
  /** The route, `namespace/name`. */
  readonly route: string;
  /** Where in the route, e.g. `spec.rules[0].matches[1].path`. */
  readonly field: string;
  readonly expression: string;
  readonly problem: string;
}

/** The listeners that share a route table with `listener`. */
function tableOf(gw: GatewayInfo, listener: ListenerInfo): ListenerInfo[] {
  return listener.protocol === 'HTTP' ? gw.listeners.filter((l) => l.protocol === 'HTTP' && l.port === listener.port) : [listener];
}

/** The first RegularExpression that RE2 rejects among the routes of the listener's route table, if any. */
export function rejectedExpression(model: SimulationModel, gw: GatewayInfo, listener: ListenerInfo): RejectedExpression | undefined {
  for (const l of tableOf(gw, listener)) {
    for (const { route } of attachRoutes(model, gw, l).attached) {
      for (const r of regexValuesOf('HTTPRoute', route.rules)) {
        const problem = typeof r.value === 'string' ? re2Problem(r.value) : undefined;
        if (problem) return { route: route.key, field: r.path.replace(/\.value$/, ''), expression: r.value as string, problem };
      }
    }
  }
  return undefined;
}
