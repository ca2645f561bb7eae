// Partial apps built by the tests (routes to fake gateways and Services) are expected to warn;
// tests that assert warnings turn printing on explicitly.
process.env.CDK8S_ISTIO_GATEWAY_WARNINGS = 'off';
