// gateway: north-south entry
export * from './gateway/allowed-routes';
export * from './gateway/gateway-address';
export * from './gateway/gateway-ref';
export * from './gateway/gateway-service-type';
export * from './gateway/https-redirect';
export * from './gateway/ingress-gateway';
export * from './gateway/listener';
export * from './gateway/listener-gateway';
export * from './gateway/listener-protocol';
export * from './gateway/tls-certificate';
export * from './gateway/tls-listener';
// routing: routes, matches, filters, backends, ReferenceGrants
export * from './routing/backend';
export * from './routing/canary-route';
export * from './routing/header-match';
export * from './routing/http-method';
export * from './routing/http-path-modifier';
export * from './routing/http-route';
export * from './routing/http-route-filter';
export * from './routing/http-route-match';
export * from './routing/http-route-rule';
export * from './routing/path-match';
export * from './routing/reference-grant';
export * from './routing/reference-grant-policy';
export * from './routing/route-parent';
export * from './routing/split-http-route';
// backend: workloads and traffic policy
export * from './backend/app-protocol';
export * from './backend/backend-version';
export * from './backend/load-balancer';
export * from './backend/resilient-backend';
export * from './backend/traffic-policy';
// mesh
export * from './mesh/mesh-namespace';
// manifests, analysis, simulation
export * from './manifests/manifest';
export * from './manifests/manifest-set';
export * from './analysis/finding';
export * from './analysis/schema/schema-validator';
export * from './simulation/request';
export { RoutingDecision } from './simulation/routing-decision';
export type { BackendDecision, BackendPolicy, HeaderChanges, MirrorDecision, RedirectDecision, RewriteDecision } from './simulation/routing-decision';
export * from './simulation/traffic-simulator';
export * from './analysis/analyzer';
export * from './analysis/report';
export * from './analysis/plugin';
export { SynthValidation } from './analysis/synth-validation';
export type { SynthValidationOptions } from './analysis/synth-validation';
// gitops: linear synth for one chart per service
export * from './gitops/gitops-app';
export * from './gitops/gitops-synth';
