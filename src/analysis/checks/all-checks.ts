import { allBackendWeightsZero } from './all-backend-weights-zero';
import { allowPolicyUnreachable } from './allow-policy-unreachable';
import { authzConditionKeys } from './authz-condition-keys';
import { backendServiceNotFound } from './backend-service-not-found';
import { certificateDnsNames } from './certificate-dns-names';
import { certificateSecret } from './certificate-secret';
import { certificateSecretConflict } from './certificate-secret-conflict';
import { Check } from './check';
import { conflictingListeners } from './conflicting-listeners';
import { destinationRuleExport } from './destination-rule-export';
import { destinationRuleHost } from './destination-rule-host';
import { destinationRuleSubset } from './destination-rule-subset';
import { duplicateObject } from './duplicate-object';
import { externalGatewayRef } from './external-gateway-ref';
import { grpcHttpHostnameConflict } from './grpc-http-hostname-conflict';
import { httpsListenerWithoutTls } from './https-listener-without-tls';
import { httpsRedirectBypass } from './https-redirect-bypass';
import { invalidRegex } from './invalid-regex';
import { istioGatewayNameLength } from './istio-gateway-name-length';
import { istioGatewaySameProxy } from './istio-gateway-same-proxy';
import { istioNonSecretCertificateRef } from './istio-non-secret-certificate-ref';
import { istioRouteKindSupport } from './istio-route-kind-support';
import { istioRouteVirtualServiceOverlap } from './istio-route-vs-overlap';
import { istioTooManyCertificateRefs } from './istio-too-many-certificate-refs';
import { istioVirtualServiceGateway } from './istio-vs-gateway';
import { istioVirtualServiceSameHost } from './istio-vs-same-host';
import { istioVirtualServiceSubset } from './istio-vs-subset';
import { istioUnreachableRule } from './istio-vs-unreachable-rule';
import { listenerSetAttachment } from './listener-set-attachment';
import { meshParentService } from './mesh-parent-service';
import { missingReferenceGrant } from './missing-reference-grant';
import { mtlsDisabledToStrict } from './mtls-disabled-to-strict';
import { noMatchingListenerHostname } from './no-matching-listener-hostname';
import { optionalJwt } from './optional-jwt';
import { policyTargetNotFound } from './policy-target-not-found';
import { redirectLoop } from './redirect-loop';
import { routeKindProtocol } from './route-kind-protocol';
import { routeNotAllowed } from './route-not-allowed';
import { routeParentNotFound } from './route-parent-not-found';
import { routePrecedenceTie } from './route-precedence-tie';
import { servicePortProtocol } from './service-port-protocol';
import { unknownGatewayClass } from './unknown-gateway-class';
import { unmanagedCertificateSecret } from './unmanaged-certificate-secret';

/** Every cross-object check, in id order. */
export const ALL_CHECKS: readonly Check[] = [
  routeParentNotFound,
  routeNotAllowed,
  noMatchingListenerHostname,
  backendServiceNotFound,
  missingReferenceGrant,
  certificateSecret,
  httpsListenerWithoutTls,
  redirectLoop,
  allBackendWeightsZero,
  destinationRuleHost,
  destinationRuleSubset,
  conflictingListeners,
  istioTooManyCertificateRefs,
  istioNonSecretCertificateRef,
  istioGatewayNameLength,
  servicePortProtocol,
  duplicateObject,
  meshParentService,
  unknownGatewayClass,
  destinationRuleExport,
  httpsRedirectBypass,
  routePrecedenceTie,
  invalidRegex,
  externalGatewayRef,
  listenerSetAttachment,
  certificateDnsNames,
  certificateSecretConflict,
  unmanagedCertificateSecret,
  policyTargetNotFound,
  optionalJwt,
  allowPolicyUnreachable,
  authzConditionKeys,
  mtlsDisabledToStrict,
  routeKindProtocol,
  grpcHttpHostnameConflict,
  istioRouteKindSupport,
  istioVirtualServiceSubset,
  istioVirtualServiceGateway,
  istioVirtualServiceSameHost,
  istioUnreachableRule,
  istioRouteVirtualServiceOverlap,
  istioGatewaySameProxy,
];
