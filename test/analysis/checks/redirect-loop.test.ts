import { run, summary } from './helpers';
import { redirectLoop } from '../../../src/analysis/checks/redirect-loop';

describe('IGW1008 HTTPS redirect attached to an HTTPS listener', () => {
  const findings = run(redirectLoop, 'redirect-loop.yaml');

  test('reports a redirect without sectionName, on the HTTPS sectionName and on port 443', () => {
    expect(summary(findings)).toEqual([
      'error IGW1008 HTTPRoute infra/redirect-everywhere spec.parentRefs[0]',
      'error IGW1008 HTTPRoute infra/redirect-on-443 spec.parentRefs[0]',
      'error IGW1008 HTTPRoute infra/redirect-on-https spec.parentRefs[0].sectionName',
    ]);
    expect(findings[0].message).toBe('rule 0 redirects to https and the parentRef has no sectionName, so the route also attaches to '
      + 'HTTPS listener "https" of Gateway infra/edge: requests over https are redirected again (loop)');
    expect(findings[0].fix).toContain('attach the redirect route only to the HTTP listener');
    expect(findings[1].message).toContain('rule 0 redirects to https and the parentRef selects port 443, so the route attaches to HTTPS listener "https"');
    expect(findings[2].message).toContain('rule 1 redirects to https and the parentRef attaches it to HTTPS listener "https"');
  });

  test('no finding on a correct app', () => {
    expect(run(redirectLoop, 'valid-app.yaml')).toEqual([]);
  });
});
