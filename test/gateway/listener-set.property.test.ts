import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { AllowedListeners, IngressGateway, ListenerSet, TlsCertificate } from '../../src';
import { Analyzer } from '../../src/analysis/analyzer';
import { ManifestSet } from '../../src/manifests/manifest-set';

// generated ListenerSets on a platform Gateway: each synthesizes objects the API server accepts (schema + CEL)
// and the cross-object checks find no error; or the construct refuses them with the ListenerSet's path
describe('ListenerSet property', () => {
  const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);
  const listener = fc.record({
    kind: fc.constantFrom('http', 'https', 'passthrough', 'tcp'),
    name: label,
    host: label,
    port: fc.integer({ min: 1024, max: 65535 }),
  });
  const config = fc.record({
    listeners: fc.uniqueArray(listener, { minLength: 1, maxLength: 6, selector: (l) => l.name }),
    admitted: fc.boolean(),
  });

  test('synthesizes valid objects or fails at construct time with the path', () => {
    fc.assert(fc.property(config, (c) => {
      const app = Testing.app();
      const platform = new Chart(app, 'platform', { namespace: 'gateways' });
      const gw = new IngressGateway(platform, 'edge', { allowedListeners: c.admitted ? AllowedListeners.fromNamespaces(['team']) : AllowedListeners.sameNamespace() });
      const team = new Chart(app, 'team', { namespace: 'team' });
      let built = true;
      try {
        const ls = new ListenerSet(team, 'team-listeners', { gateway: gw });
        for (const l of c.listeners) {
          const hostname = `${l.host}.example.com`;
          if (l.kind === 'http') ls.addHttpListener(l.name, { port: l.port, hostname });
          else if (l.kind === 'https') ls.addTlsListener(l.name, { port: l.port, hostname, certificate: TlsCertificate.fromSecretName(`${l.name}-tls`) });
          else if (l.kind === 'passthrough') ls.addTlsPassthroughListener(l.name, { hostname });
          else ls.addTcpListener(l.name, { port: l.port });
        }
      } catch (e) {
        built = false;
        expect((e as Error).message).toMatch(/^\[team\/team-listeners/);
      }
      if (!built) return;
      try {
        app.synth();
      } catch (e) {
        // a ListenerSet the Gateway does not admit fails at synth, naming it
        expect(c.admitted).toBe(false);
        expect((e as Error).message).toContain('team-listeners');
        return;
      }
      const report = new Analyzer().analyze(ManifestSet.fromApp(app));
      expect(report.errors.map((f) => `${f.id} ${f.object} ${f.path}: ${f.message}`)).toEqual([]);
    }), { numRuns: 60, seed: 13 });
  });
});
