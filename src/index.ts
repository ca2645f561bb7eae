// gateway: north-south entry
export * from './gateway/allowed-listeners';
export * from './gateway/allowed-routes';
export * from './gateway/client-certificates';
export * from './gateway/gateway-address';
export * from './gateway/deployment/gateway-deployment-options';
export * from './gateway/gateway-ref';
export * from './gateway/gateway-service-type';
export * from './gateway/https-redirect';
export * from './gateway/ingress-gateway';
export * from './gateway/listener';
export * from './gateway/listener-gateway';
export * from './gateway/listener-protocol';
export * from './gateway/listener-set';
export * from './gateway/tcp-listener';
export * from './gateway/tls-passthrough-listener';
export * from './gateway/tls-certificate';
export * from './gateway/tls-listener';
// routing: routes, matches, filters, backends, ReferenceGrants
export * from './routing/backend';
export * from './routing/canary-route';
export * from './routing/header-match';
export * from './routing/http-method';
export * from './routing/http-path-modifier';
export * from './routing/grpc-canary-route';
export * from './routing/grpc-method-match';
export * from './routing/grpc-route';
export * from './routing/grpc-route-rule';
export * from './routing/http-route';
export * from './routing/http-route-filter';
export * from './routing/http-route-match';
export * from './routing/http-route-rule';
export * from './routing/path-match';
export * from './routing/reference-grant';
export * from './routing/reference-grant-policy';
export * from './routing/route-parent';
export * from './routing/split-http-route';
export * from './routing/l4-route';
export * from './routing/tcp-route';
export * from './routing/tls-route';
export * from './routing/gateway-api-channel';
// backend: workloads and traffic policy
export * from './backend/app-protocol';
export * from './backend/backend-version';
export * from './backend/load-balancer';
export * from './backend/resilient-backend';
export * from './backend/traffic-policy';
// mesh
export * from './mesh/mesh-namespace';
// security: JWT, authorization, mTLS
export * from './security/authorization-action';
export * from './security/condition';
export * from './security/gateway-authorization';
export * from './security/jwks-source';
export * from './security/jwt-authentication';
export * from './security/mesh-mtls';
export * from './security/operation';
export * from './security/source';
// telemetry: access logs, tracing, metrics
export * from './telemetry/access-log-filter';
export * from './telemetry/gateway-telemetry';
export * from './telemetry/tag-override';
export * from './telemetry/telemetry-enums';
export * from './telemetry/telemetry-target';
export * from './telemetry/tracing-tag';
// manifests, analysis, simulation
export * from './manifests/manifest';
export * from './manifests/manifest-set';
export * from './analysis/finding';
export * from './analysis/schema/schema-validator';
export * from './simulation/request';
export { RoutingDecision } from './simulation/routing-decision';
export type {
  AuthorizationDecision, BackendDecision, BackendPolicy, FaultDecision, HeaderChanges, MirrorDecision, RedirectDecision,
  RetryDecision, RewriteDecision, TimeoutsDecision,
} from './simulation/routing-decision';
export * from './simulation/traffic-simulator';
export * from './analysis/analyzer';
export * from './analysis/report';
export * from './analysis/plugin';
export { SynthValidation } from './analysis/synth-validation';
export type { SynthValidationOptions } from './analysis/synth-validation';
// graph: a picture of the routing
export * from './graph/routing-graph-model';
export * from './graph/routing-graph';
// gitops: linear synth for one chart per service
export * from './gitops/gitops-app';
export * from './gitops/gitops-synth';
// Istio's own API: migration to the Gateway API, and the routing diff that proves it
export { RoutingDiff } from './diff/routing-diff';
export type { RoutingDiffOptions } from './diff/routing-diff';
export { RoutingDiffResult } from './diff/routing-diff-result';
export type { RoutingDifference } from './diff/routing-difference';
export type { DiffRequest } from './diff/diff-request';
export * from './migration/istio-migration';
export * from './migration/migration-finding';
