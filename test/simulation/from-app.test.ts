import { App } from 'cdk8s';
import { Backend, HttpRoute, IngressGateway, PathMatch } from '../../src';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { TrafficSimulator } from '../../src/simulation/traffic-simulator';
import './helpers';
import { shopChart } from '../chart';

describe('TrafficSimulator.fromApp reads the registry of external objects', () => {
  function app(): App {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    new HttpRoute(chart, 'api', {
      parents: [gw.httpListener!],
      rules: [{ matches: [{ path: PathMatch.prefix('/api') }], backends: [{ backend: Backend.fromServiceName('legacy-api', 8080) }] }],
    });
    return chart.node.root as App;
  }

  test('a Service from Backend.fromServiceName is treated as existing, as synth analysis does', () => {
    const d = TrafficSimulator.fromApp(app()).request({ host: 'shop.example.com', path: '/api/x' });
    expect(d).toRouteTo('legacy-api');
    expect(d.notes).toContain('Service shop/legacy-api is declared external; its ports and workloads are unknown');
  });

  test('the same manifests without the registry answer 500 (the Service is not in the input)', () => {
    const d = TrafficSimulator.fromManifests(ManifestSet.fromApp(app()))
      .request({ host: 'shop.example.com', path: '/api/x' });
    expect(d).toReturnStatus(500);
    expect(d.reason).toBe('Service shop/legacy-api is not in the input (BackendNotFound)');
  });

  test('externalObjects given as an option count too', () => {
    const d = TrafficSimulator.fromManifests(ManifestSet.fromApp(app()), { externalObjects: ['Service shop/legacy-api'] })
      .request({ host: 'shop.example.com', path: '/api/x' });
    expect(d).toRouteTo('legacy-api');
  });

  test('fails when an external object is not "Kind namespace/name"', () => {
    expect(() => TrafficSimulator.fromManifests(ManifestSet.fromApp(app()), { externalObjects: ['legacy-api'] }))
      .toThrow('external object "legacy-api" must be "Kind namespace/name", e.g. "Service shop/api"');
  });
});
