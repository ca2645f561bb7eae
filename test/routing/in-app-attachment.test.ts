import { Chart, Testing } from 'cdk8s';
import { Backend, HttpRoute, IngressGateway } from '../../src';

describe('HttpRoute attached to a listener of this app', () => {
  test('a hostname no listener accepts is reported once, by the app-wide analysis (IGW1003)', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
    new HttpRoute(chart, 'api', {
      parents: [gw.httpListener!],
      hostnames: ['other.example.com'],
      rules: [{ backends: [{ backend: Backend.fromServiceName('api', 80) }] }],
    });
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/IGW1003 \[shop\/api\/Resource\] HTTPRoute shop\/api/);
    expect(message).toMatch(/other\.example\.com/);
    expect(message).not.toMatch(/no route hostname \(other\.example\.com\) intersects/);
  });
});
