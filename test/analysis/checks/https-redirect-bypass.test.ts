import { run, summary } from './helpers';
import { httpsRedirectBypass } from '../../../src/analysis/checks/https-redirect-bypass';

describe('IGW1021 route served over plain HTTP on a listener that redirects to https', () => {
  const findings = run(httpsRedirectBypass, 'https-redirect-bypass.yaml');

  test('reports routes on the HTTP listener by whole-gateway parentRef, sectionName and port', () => {
    expect(summary(findings)).toEqual([
      'warning IGW1021 HTTPRoute shop/api-on-http spec.parentRefs[0].sectionName',
      'warning IGW1021 HTTPRoute shop/by-port spec.parentRefs[0]',
      'warning IGW1021 HTTPRoute shop/health spec.parentRefs[0]',
    ]);
    const health = findings[2];
    expect(health.message).toBe('HTTPRoute shop/health attaches to HTTP listener "http" of Gateway infra/edge, where HTTPRoute infra/to-https '
      + 'redirects to https; its rule 0 forwards to backends, so requests it matches (a more specific match beats the redirect) are served over plain HTTP');
    expect(health.fix).toBe('attach the route to the HTTPS listener only (parentRef sectionName: https), or keep it on HTTP deliberately');
    expect(findings[0].message).toContain('its rules 0, 1 forward to backends');
  });

  test('no finding on a correct app or without a redirect', () => {
    expect(run(httpsRedirectBypass, 'valid-app.yaml')).toEqual([]);
    expect(run(httpsRedirectBypass, 'all-backend-weights-zero.yaml')).toEqual([]);
  });
});
