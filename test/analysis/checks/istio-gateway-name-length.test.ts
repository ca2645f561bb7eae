import { run, summary } from './helpers';
import { istioGatewayNameLength } from '../../../src/analysis/checks/istio-gateway-name-length';

describe('IGW1015 Istio deployment name longer than 63 characters', () => {
  const findings = run(istioGatewayNameLength, 'istio-gateway-name-length.yaml');

  test('reports long names for Istio classes, by class name, controller or override', () => {
    expect(summary(findings)).toEqual([
      'error IGW1015 Gateway infra/a-long-gateway-name-with-a-custom-class-of-istio metadata.name',
      'error IGW1015 Gateway infra/a-very-long-gateway-name-for-the-customer-facing-online-shop metadata.name',
      'error IGW1015 Gateway infra/short metadata.annotations["gateway.istio.io/name-override"]',
    ]);
    expect(findings[1].message).toBe('istio would deploy this Gateway as "a-very-long-gateway-name-for-the-customer-facing-online-shop-istio" '
      + '(66 characters); Service names are limited to 63, so the gateway is never programmed');
    expect(findings[1].fix).toBe('shorten the Gateway name to at most 57 characters, or set the gateway.istio.io/name-override annotation to a shorter name');
    expect(findings[0].message).toContain('"a-long-gateway-name-with-a-custom-class-of-istio-custom-istio-class" (67 characters)');
  });

  test('no finding on a correct app', () => {
    expect(run(istioGatewayNameLength, 'valid-app.yaml')).toEqual([]);
  });
});
