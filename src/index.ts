// gateway
export * from './gateway/allowed-routes';
export * from './gateway/gateway-address';
export * from './gateway/gateway-ref';
export * from './gateway/gateway-service-type';
export * from './gateway/imported-gateway';
export * from './gateway/ingress-gateway';
export * from './gateway/listener';
export * from './gateway/listener-protocol';
export * from './gateway/tls-certificate';
export * from './gateway/tls-listener';
// routing
export * from './routing/backend';
export * from './routing/https-redirect';
export * from './routing/route-parent';
// mesh
export * from './mesh/mesh-namespace';
// manifests and analysis
export * from './manifests/manifest';
export * from './manifests/manifest-set';
export * from './analysis/finding';
