import { Duration } from 'cdk8s';
import { DestinationPolicy } from '../../src/backend/destination-policy';
import { LoadBalancer } from '../../src/backend/load-balancer';
import { ClientTlsMode } from '../../src/backend/traffic-policy';

// The internal policy model that a backend resolves once and each version
// overrides; the constructs report its problems with their paths.
describe('DestinationPolicy', () => {
  test('renders nothing when no field is set', () => {
    expect(new DestinationPolicy({})._toIstio()).toBeUndefined();
    expect(new DestinationPolicy({})._problem()).toBeUndefined();
  });

  test('an override replaces whole fields and keeps the others', () => {
    const base = new DestinationPolicy({ loadBalancer: LoadBalancer.leastRequest(), outlierDetection: { consecutive5xxErrors: 5 } });
    expect(base._override({ loadBalancer: LoadBalancer.random() })._toIstio()).toEqual({
      loadBalancer: { simple: 'RANDOM' }, outlierDetection: { consecutive5XxErrors: 5 },
    });
    expect(base._override({})._toIstio()).toEqual(base._toIstio());
  });

  test('the first problem names the field: the load balancer first, then the blocks in order', () => {
    expect(new DestinationPolicy({
      loadBalancer: LoadBalancer.consistentHashByQueryParameter(''),
      connectionPool: { maxRetries: -1 },
    })._problem()).toBe('loadBalancer LoadBalancer.consistentHashByQueryParameter(""): the query parameter name must not be empty; '
      + 'pass the parameter whose value selects the pod, e.g. "user"');
    expect(new DestinationPolicy({ connectionPool: { maxRetries: -1 }, tls: { mode: ClientTlsMode.MUTUAL } })._problem())
      .toBe('connectionPool.maxRetries must be a whole number between 0 and 2147483647, got -1');
    expect(new DestinationPolicy({ outlierDetection: { interval: Duration.millis(0) }, tls: { mode: ClientTlsMode.MUTUAL } })._problem())
      .toBe('outlierDetection.interval must be a whole number of milliseconds, at least 1ms, got 0ms');
  });

  test.each([
    ['connectionPool', { connectionPool: {} }, 'connectionPool must set at least one field'],
    ['outlierDetection', { outlierDetection: { maxEjectionPercent: 101 } }, 'outlierDetection.maxEjectionPercent must be a whole number between 0 and 100, got 101'],
    ['tls', { tls: { mode: ClientTlsMode.DISABLE, sni: 'x' } }, 'tls.sni and tls.subjectAltNames have no effect with mode DISABLE'],
  ])('fails when an invalid %s block is rendered without a construct checking it first', (_block, options, message) => {
    expect(() => new DestinationPolicy(options)._toIstio()).toThrow(message);
  });
});
