import { run, summary } from './helpers';
import { unknownGatewayClass } from '../../../src/analysis/checks/unknown-gateway-class';

describe('IGW1019 unknown gatewayClassName', () => {
  test('warns on a class that is neither built into Istio nor in the manifests', () => {
    const findings = run(unknownGatewayClass, 'unknown-gateway-class.yaml');
    expect(summary(findings)).toEqual(['warning IGW1019 Gateway infra/typo spec.gatewayClassName']);
    expect(findings[0].message).toBe('gatewayClassName "isito" is not a class istio creates (istio, istio-remote, istio-waypoint, istio-east-west) '
      + 'and no GatewayClass "isito" is in the manifests');
    expect(findings[0].fix).toBe('use gatewayClassName "istio", or add the GatewayClass (or make sure its controller is installed)');
  });

  test('no finding on a correct app', () => {
    expect(run(unknownGatewayClass, 'valid-app.yaml')).toEqual([]);
  });
});
