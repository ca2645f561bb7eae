import { mtlsDisabledToStrict } from '../../../src/analysis/checks/mtls-disabled-to-strict';
import { details, findings } from '../../security/security-checks-helpers';

const pa = (ns: string, mode: string, selector = '') => `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: ${ns} }
spec: { ${selector}mtls: { mode: ${mode} } }
`;
const dr = (tls: string) => `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: api, namespace: edge }
spec: { host: api.shop.svc.cluster.local, trafficPolicy: ${tls} }
`;

describe('IGW1044 DestinationRule disables TLS toward a namespace with STRICT mTLS', () => {
  test('reports DISABLE toward a STRICT namespace, for all ports and per port', () => {
    const yaml = pa('shop', 'STRICT') + dr('{ tls: { mode: DISABLE }, portLevelSettings: [{ port: { number: 80 }, tls: { mode: DISABLE } }] }');
    expect(findings(mtlsDisabledToStrict, yaml)).toEqual([
      'error IGW1044 DestinationRule edge/api spec.trafficPolicy.tls.mode',
      'error IGW1044 DestinationRule edge/api spec.trafficPolicy.portLevelSettings[0].tls.mode',
    ]);
    expect(details(mtlsDisabledToStrict, yaml)[0].message).toBe('TLS mode DISABLE sends plain text to Service shop/api, '
      + 'but PeerAuthentication shop/default requires mutual TLS (STRICT), so every request fails');
  });

  test('the mesh-wide policy counts unless the namespace overrides it', () => {
    expect(findings(mtlsDisabledToStrict, pa('istio-system', 'STRICT') + dr('{ tls: { mode: DISABLE } }'))).toHaveLength(1);
    expect(findings(mtlsDisabledToStrict, pa('istio-system', 'STRICT') + pa('shop', 'PERMISSIVE') + dr('{ tls: { mode: DISABLE } }'))).toEqual([]);
  });

  test('no finding for ISTIO_MUTUAL, PERMISSIVE, or a workload-level policy', () => {
    expect(findings(mtlsDisabledToStrict, pa('shop', 'STRICT') + dr('{ tls: { mode: ISTIO_MUTUAL } }'))).toEqual([]);
    expect(findings(mtlsDisabledToStrict, pa('shop', 'PERMISSIVE') + dr('{ tls: { mode: DISABLE } }'))).toEqual([]);
    expect(findings(mtlsDisabledToStrict, pa('shop', 'STRICT', 'selector: { matchLabels: { app: api } }, ') + dr('{ tls: { mode: DISABLE } }'))).toEqual([]);
  });
});
