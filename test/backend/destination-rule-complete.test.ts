import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { SynthValidation } from '../../src/analysis/synth-validation';
import { ConsistentHashAlgorithm, LoadBalancer } from '../../src/backend/load-balancer';
import { ResilientBackend, ResilientBackendProps } from '../../src/backend/resilient-backend';
import { ClientTlsMode, H2UpgradePolicy, LocalityLoadBalancingOptions, TrafficPolicyOptions } from '../../src/backend/traffic-policy';
import { shopChart, single } from '../chart';

const v1 = { version: 'v1', image: 'img:1' };
const od = { consecutive5xxErrors: 5 };

/** The trafficPolicy of `api-v1` for these backend props; the chart also passes synth validation. */
function policyOf(props: ResilientBackendProps): any {
  const chart = shopChart();
  new ResilientBackend(chart, 'api', { versions: [v1], ...props });
  expect(SynthValidation.errors(chart)).toEqual([]);
  return single(chart, 'DestinationRule', 'api-v1').spec.trafficPolicy;
}

/** The error message for these backend props. */
function errorOf(props: ResilientBackendProps): string {
  try {
    new ResilientBackend(shopChart(), 'api', { versions: [v1], ...props });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('consistent hash algorithms', () => {
  test('ring hash with its minimum size, and Envoy\'s default size written out', () => {
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashByHeader('x-user').withHashAlgorithm(ConsistentHashAlgorithm.ringHash(4096)) }))
      .toEqual({ loadBalancer: { consistentHash: { httpHeaderName: 'x-user', ringHash: { minimumRingSize: 4096 } } } });
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashBySourceIp().withHashAlgorithm(ConsistentHashAlgorithm.ringHash()) }))
      .toEqual({ loadBalancer: { consistentHash: { useSourceIp: true, ringHash: { minimumRingSize: 1024 } } } });
  });

  test('maglev with a prime table size (65537 by default)', () => {
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.hours(1)).withHashAlgorithm(ConsistentHashAlgorithm.maglev()) }))
      .toEqual({ loadBalancer: { consistentHash: { httpCookie: { name: 'session', ttl: '1h' }, maglev: { tableSize: 65537 } } } });
    expect(policyOf({ loadBalancer: LoadBalancer.consistentHashByQueryParameter('u').withHashAlgorithm(ConsistentHashAlgorithm.maglev(251)) })
      .loadBalancer.consistentHash.maglev).toEqual({ tableSize: 251 });
  });

  test('withHashAlgorithm returns a new load balancer and leaves the first one alone', () => {
    const lb = LoadBalancer.consistentHashBySourceIp();
    const maglev = lb.withHashAlgorithm(ConsistentHashAlgorithm.maglev(13));
    expect(lb._toIstio()).toEqual({ consistentHash: { useSourceIp: true } });
    expect(maglev.description).toBe('CONSISTENT_HASH(source ip) maglev(13)');
    expect(maglev.isConsistentHash).toBe(true);
    expect(LoadBalancer.roundRobin().isConsistentHash).toBe(false);
  });

  test.each([
    ['the maglev table size is not prime', () => ConsistentHashAlgorithm.maglev(65536),
      'ConsistentHashAlgorithm.maglev(65536): tableSize must be a prime number, got 65536; the nearest primes are 65521 and 65537'],
    ['the maglev table size reaches Istio\'s limit', () => ConsistentHashAlgorithm.maglev(5000011),
      'tableSize must be a prime number from 2 to 5000010, got 5000011'],
    ['the ring is larger than Envoy allows', () => ConsistentHashAlgorithm.ringHash(8388609),
      'ConsistentHashAlgorithm.ringHash(8388609): minimumRingSize must be a whole number from 1 to 8388608, got 8388609'],
    ['the ring size is 0', () => ConsistentHashAlgorithm.ringHash(0), 'minimumRingSize must be a whole number from 1 to 8388608, got 0'],
  ])('fails when %s', (_what, algorithm, message) => {
    const error = errorOf({ loadBalancer: LoadBalancer.consistentHashBySourceIp().withHashAlgorithm(algorithm()) });
    expect(error).toContain('[shop/api] loadBalancer ');
    expect(error).toContain(message);
  });

  test('fails when a hash algorithm is given to a simple load balancer', () => {
    expect(errorOf({ loadBalancer: LoadBalancer.roundRobin().withHashAlgorithm(ConsistentHashAlgorithm.ringHash()) }))
      .toBe('[shop/api] loadBalancer ROUND_ROBIN.withHashAlgorithm(ringHash(1024)): a hash algorithm applies only to consistent-hash '
        + 'load balancers (LoadBalancer.consistentHashBy...()), not ROUND_ROBIN');
  });
});

describe('localityLbSetting', () => {
  test('distribute: weights by locality, sorted by destination', () => {
    expect(policyOf({
      localityLbSetting: { enabled: true, distribute: [{ from: 'us-east/*', to: { 'us-west/*': 20, 'us-east/*': 80 } }] },
    })).toEqual({
      loadBalancer: { localityLbSetting: { enabled: true, distribute: [{ from: 'us-east/*', to: { 'us-east/*': 80, 'us-west/*': 20 } }] } },
    });
  });

  test('failover and failoverPriority with outlier detection, next to a simple load balancer', () => {
    expect(policyOf({
      loadBalancer: LoadBalancer.leastRequest(),
      outlierDetection: od,
      localityLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }], failoverPriority: ['topology.istio.io/network'] },
    }).loadBalancer).toEqual({
      simple: 'LEAST_REQUEST',
      localityLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }], failoverPriority: ['topology.istio.io/network'] },
    });
  });

  test('enabled: false is written and needs no outlier detection', () => {
    expect(policyOf({ localityLbSetting: { enabled: false, failoverPriority: ['topology.kubernetes.io/region'] } }).loadBalancer)
      .toEqual({ localityLbSetting: { enabled: false, failoverPriority: ['topology.kubernetes.io/region'] } });
  });

  test.each<[string, TrafficPolicyOptions, string]>([
    ['distribute weights do not sum to 100', { localityLbSetting: { distribute: [{ from: 'a/*', to: { 'a/*': 60, 'b/*': 30 } }] } },
      'localityLbSetting.distribute[0].to weights sum to 90; they must sum to 100'],
    ['a distribute weight is 0', { localityLbSetting: { distribute: [{ from: 'a/*', to: { 'a/*': 100, 'b/*': 0 } }] } },
      'localityLbSetting.distribute[0].to["b/*"] weight must be a whole number from 1 to 100, got 0'],
    ['distribute has no destinations', { localityLbSetting: { distribute: [{ from: 'a/*', to: {} }] } },
      'localityLbSetting.distribute[0].to is empty'],
    ['a locality has a wildcard in the middle', { localityLbSetting: { distribute: [{ from: 'a/*/c', to: { a: 100 } }] } },
      'localityLbSetting.distribute[].from locality "a/*/c" may contain one "*" wildcard, only at the end'],
    ['localities overlap', { localityLbSetting: { distribute: [{ from: 'a/*', to: { a: 100 } }, { from: 'a/z1', to: { a: 100 } }] } },
      'localityLbSetting.distribute[].from locality "a/z1" overlaps an earlier one'],
    ['a locality has an empty zone', { localityLbSetting: { distribute: [{ from: 'a//c', to: { a: 100 } }] } },
      'localityLbSetting.distribute[].from locality "a//c" has an empty region, zone or subzone'],
    ['distribute and failover are both set', { outlierDetection: od, localityLbSetting: { distribute: [{ from: 'a', to: { b: 100 } }], failover: [{ from: 'a', to: 'b' }] } },
      'localityLbSetting sets distribute and failover; Istio allows only one of distribute, failover or failoverPriority'],
    ['failover stays in its region', { outlierDetection: od, localityLbSetting: { failover: [{ from: 'us-east', to: 'us-east' }] } },
      'localityLbSetting.failover[0] fails over from "us-east" to itself'],
    ['failover names a zone', { outlierDetection: od, localityLbSetting: { failover: [{ from: 'us-east/a', to: 'us-west' }] } },
      'localityLbSetting.failover[0].from "us-east/a" must be a region only'],
    ['failover has a wildcard', { outlierDetection: od, localityLbSetting: { failover: [{ from: 'us-east', to: 'us-*' }] } },
      'localityLbSetting.failover[0].to "us-*" must not contain the "*" wildcard'],
    ['failover is combined with a topology priority label', { outlierDetection: od, localityLbSetting: { failover: [{ from: 'a', to: 'b' }], failoverPriority: ['topology.kubernetes.io/zone'] } },
      'localityLbSetting.failoverPriority lists the topology label "topology.kubernetes.io/zone" together with failover'],
    ['failover has no outlier detection', { localityLbSetting: { failover: [{ from: 'a', to: 'b' }] } },
      'localityLbSetting.failover needs outlierDetection: only ejected endpoints make traffic leave a locality'],
    ['a priority label repeats', { outlierDetection: od, localityLbSetting: { failoverPriority: ['x', 'x'] } },
      'localityLbSetting.failoverPriority lists "x" twice'],
  ])('fails when %s', (_what, props, message) => {
    expect(errorOf(props)).toContain(`[shop/api] ${message}`);
  });
});

describe('warmup', () => {
  test('is written as loadBalancer.warmup (not the deprecated warmupDurationSecs)', () => {
    expect(policyOf({ loadBalancer: LoadBalancer.roundRobin(), warmup: { duration: Duration.seconds(90), minimumPercent: 20, aggression: 1.5 } }))
      .toEqual({ loadBalancer: { simple: 'ROUND_ROBIN', warmup: { duration: '1m30s', minimumPercent: 20, aggression: 1.5 } } });
  });

  test.each<[string, TrafficPolicyOptions, string]>([
    ['the duration is 0', { warmup: { duration: Duration.millis(0) } }, 'warmup.duration must be a whole number of milliseconds, at least 1ms, got 0ms'],
    ['minimumPercent is above 100', { warmup: { duration: Duration.seconds(1), minimumPercent: 101 } }, 'warmup.minimumPercent must be a number from 0 to 100, got 101'],
    ['aggression is below 1', { warmup: { duration: Duration.seconds(1), aggression: 0.5 } }, 'warmup.aggression must be a number of at least 1 (1 is linear), got 0.5'],
  ])('fails when %s', (_what, props, message) => {
    expect(errorOf(props)).toBe(`[shop/api] ${message}`);
  });
});

describe('connection pool: keepalive, idle timeouts, HTTP/2 upgrade', () => {
  test('every new field, durations in Go form', () => {
    expect(policyOf({
      connectionPool: {
        tcpKeepalive: { probes: 3, time: Duration.minutes(5), interval: Duration.seconds(30) },
        tcpIdleTimeout: Duration.minutes(10),
        maxConnectionDuration: Duration.hours(1),
        h2UpgradePolicy: H2UpgradePolicy.UPGRADE,
        maxConcurrentStreams: 100,
        idleTimeout: Duration.seconds(90),
      },
    }).connectionPool).toEqual({
      tcp: { tcpKeepalive: { probes: 3, time: '5m', interval: '30s' }, idleTimeout: '10m', maxConnectionDuration: '1h' },
      http: { idleTimeout: '1m30s', h2UpgradePolicy: 'UPGRADE', maxConcurrentStreams: 100 },
    });
  });

  test('an empty tcpKeepalive turns keepalive on with the OS settings', () => {
    expect(policyOf({ connectionPool: { tcpKeepalive: {} } }).connectionPool).toEqual({ tcp: { tcpKeepalive: {} } });
  });

  test('a tcp idle timeout of 0 disables it', () => {
    expect(policyOf({ connectionPool: { tcpIdleTimeout: Duration.seconds(0) } }).connectionPool).toEqual({ tcp: { idleTimeout: '0s' } });
  });

  test.each<[string, TrafficPolicyOptions, string]>([
    ['keepalive time is not whole seconds', { connectionPool: { tcpKeepalive: { time: Duration.millis(1500) } } },
      'connectionPool.tcpKeepalive.time must be a whole number of seconds, at least 1s, got 1500ms (Envoy counts keepalive in whole seconds)'],
    ['keepalive interval is below 1s', { connectionPool: { tcpKeepalive: { interval: Duration.millis(500) } } },
      'connectionPool.tcpKeepalive.interval must be a whole number of seconds, at least 1s, got 500ms'],
    ['keepalive probes are negative', { connectionPool: { tcpKeepalive: { probes: -1 } } },
      'connectionPool.tcpKeepalive.probes must be a whole number between 0 and 4294967295, got -1'],
    ['h2UpgradePolicy UPGRADE meets useClientProtocol', { connectionPool: { h2UpgradePolicy: H2UpgradePolicy.UPGRADE, useClientProtocol: true } },
      'connectionPool.useClientProtocol cannot be true with h2UpgradePolicy UPGRADE (Istio rejects the pair)'],
    ['h2UpgradePolicy is unknown', { connectionPool: { h2UpgradePolicy: 'ALWAYS' as H2UpgradePolicy } },
      'connectionPool.h2UpgradePolicy must be one of DEFAULT, DO_NOT_UPGRADE, UPGRADE, got "ALWAYS"'],
    ['the tcp idle timeout is sub-millisecond', { connectionPool: { tcpIdleTimeout: Duration.millis(0.5) } },
      'connectionPool.tcpIdleTimeout must be a whole number of milliseconds, at least 1ms, got 0.5ms; or Duration.seconds(0) to disable it'],
    ['maxConnectionDuration is 0', { connectionPool: { maxConnectionDuration: Duration.seconds(0) } },
      'connectionPool.maxConnectionDuration must be a whole number of milliseconds, at least 1ms, got 0ms'],
  ])('fails when %s', (_what, props, message) => {
    expect(errorOf(props)).toContain(`[shop/api] ${message}`);
  });
});

describe('portLevelSettings', () => {
  test('a policy for the Service port, with its own blocks', () => {
    expect(policyOf({
      loadBalancer: LoadBalancer.roundRobin(),
      portLevelSettings: [{
        port: 80,
        loadBalancer: LoadBalancer.consistentHashBySourceIp().withHashAlgorithm(ConsistentHashAlgorithm.maglev(13)),
        connectionPool: { maxConnections: 10, tcpKeepalive: {} },
        outlierDetection: od,
        tls: { mode: ClientTlsMode.ISTIO_MUTUAL },
      }],
    })).toEqual({
      loadBalancer: { simple: 'ROUND_ROBIN' },
      portLevelSettings: [{
        port: { number: 80 },
        loadBalancer: { consistentHash: { useSourceIp: true, maglev: { tableSize: 13 } } },
        connectionPool: { tcp: { maxConnections: 10, tcpKeepalive: {} } },
        outlierDetection: { consecutive5xxErrors: 5 },
        tls: { mode: 'ISTIO_MUTUAL' },
      }],
    });
  });

  test('a version overrides the backend\'s port-level settings as a whole', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', {
      portLevelSettings: [{ port: 80, connectionPool: { maxConnections: 10 } }],
      versions: [v1, { version: 'v2', image: 'img:2', portLevelSettings: [{ port: 80, outlierDetection: od }] }],
    });
    expect(single(chart, 'DestinationRule', 'api-v1').spec.trafficPolicy.portLevelSettings[0].connectionPool).toBeDefined();
    expect(single(chart, 'DestinationRule', 'api-v2').spec.trafficPolicy.portLevelSettings)
      .toEqual([{ port: { number: 80 }, outlierDetection: { consecutive5xxErrors: 5 } }]);
  });

  test.each<[string, TrafficPolicyOptions, string]>([
    ['the port is not the Service port', { portLevelSettings: [{ port: 8080, connectionPool: { maxConnections: 1 } }] },
      'portLevelSettings[0].port is 8080, but the Service has only port 80, so the policy would never apply; use port 80'],
    ['the port is invalid', { portLevelSettings: [{ port: 0, connectionPool: { maxConnections: 1 } }] },
      'portLevelSettings[0].port must be an integer between 1 and 65535, got 0'],
    ['a port repeats', { portLevelSettings: [{ port: 80, tls: { mode: ClientTlsMode.DISABLE } }, { port: 80, connectionPool: { maxConnections: 1 } }] },
      'portLevelSettings[1] repeats port 80 (also portLevelSettings[0]); merge them into one entry'],
    ['an entry sets nothing', { portLevelSettings: [{ port: 80 }] },
      'portLevelSettings[0] sets no policy; give it loadBalancer, connectionPool, outlierDetection or tls, or remove it'],
    ['a block of an entry is invalid', { portLevelSettings: [{ port: 80, outlierDetection: { maxEjectionPercent: 120 } }] },
      'portLevelSettings[0].outlierDetection.maxEjectionPercent must be a whole number between 0 and 100, got 120'],
  ])('fails when %s', (_what, props, message) => {
    expect(errorOf(props)).toBe(`[shop/api] ${message}`);
  });
});

describe('property: generated valid DestinationRule options synthesize and validate', () => {
  const duration = (minS: number, maxS: number) => fc.integer({ min: minS, max: maxS }).map((s) => Duration.seconds(s));
  const primes = [2, 3, 5, 7, 11, 13, 251, 65537, 131071, 4999999];
  const hashed = fc.oneof(
    fc.constant(LoadBalancer.consistentHashBySourceIp()),
    fc.stringMatching(/^x-[a-z]{1,6}$/).map((h) => LoadBalancer.consistentHashByHeader(h)),
    fc.stringMatching(/^[a-z]{1,6}$/).map((c) => LoadBalancer.consistentHashByCookie(c, Duration.seconds(60))),
  );
  const algorithm = fc.oneof(
    fc.integer({ min: 1, max: 8_388_608 }).map((n) => ConsistentHashAlgorithm.ringHash(n)),
    fc.constantFrom(...primes).map((p) => ConsistentHashAlgorithm.maglev(p)),
  );
  const loadBalancer = fc.oneof(
    fc.constantFrom(LoadBalancer.roundRobin(), LoadBalancer.leastRequest(), LoadBalancer.random()),
    fc.tuple(hashed, algorithm).map(([lb, a]) => lb.withHashAlgorithm(a)),
  );
  const region = fc.constantFrom('us-east', 'us-west', 'eu-central', 'ap-south');
  /** Weights from 1 to 100 that sum to 100, over 1 to 4 distinct regions. */
  const distribution = fc.tuple(region, fc.uniqueArray(region, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 1000 }))
    .map(([from, to, seed]) => {
      const weights: { [l: string]: number } = {};
      let left = 100;
      to.forEach((r, i) => {
        const w = i === to.length - 1 ? left : Math.max(1, Math.min(left - (to.length - 1 - i), 1 + ((seed * (i + 7)) % left)));
        weights[`${r}/*`] = w;
        left -= w;
      });
      return { from: `${from}/*`, to: weights };
    });
  const locality: fc.Arbitrary<LocalityLoadBalancingOptions> = fc.oneof<fc.Arbitrary<LocalityLoadBalancingOptions>[]>(
    fc.record({ enabled: fc.option(fc.boolean(), { nil: undefined }), distribute: fc.tuple(distribution).map((d) => d) }),
    fc.tuple(region, region).filter(([a, b]) => a !== b).map(([from, to]) => ({ failover: [{ from, to }] })),
    fc.constant({ failoverPriority: ['topology.istio.io/network', 'topology.kubernetes.io/region'] }),
  );
  const connectionPool = fc.record({
    maxConnections: fc.option(fc.integer({ min: 0, max: 2_147_483_647 }), { nil: undefined }),
    tcpKeepalive: fc.option(fc.record({
      probes: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      time: fc.option(duration(1, 7200), { nil: undefined }),
      interval: fc.option(duration(1, 600), { nil: undefined }),
    }), { nil: undefined }),
    tcpIdleTimeout: fc.option(duration(0, 86400), { nil: undefined }),
    h2UpgradePolicy: fc.option(fc.constantFrom(H2UpgradePolicy.DEFAULT, H2UpgradePolicy.DO_NOT_UPGRADE, H2UpgradePolicy.UPGRADE), { nil: undefined }),
    idleTimeout: fc.option(duration(1, 3600), { nil: undefined }),
    http1MaxPendingRequests: fc.integer({ min: 0, max: 1000 }),
  });
  const warmup = fc.record({
    duration: duration(1, 600),
    minimumPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    aggression: fc.option(fc.double({ min: 1, max: 10, noNaN: true }), { nil: undefined }),
  });

  test('every generated policy synthesizes, passes schema + CEL validation, and renders its fields', () => {
    fc.assert(fc.property(
      fc.option(loadBalancer, { nil: undefined }),
      fc.option(locality, { nil: undefined }),
      fc.option(connectionPool, { nil: undefined }),
      fc.option(warmup, { nil: undefined }),
      fc.boolean(),
      (lb, loc, pool, warm, portLevel) => {
        const chart = shopChart();
        const props: ResilientBackendProps = {
          versions: [v1],
          loadBalancer: lb,
          localityLbSetting: loc,
          connectionPool: pool,
          warmup: warm,
          outlierDetection: od,
          portLevelSettings: portLevel ? [{ port: 80, loadBalancer: lb ?? LoadBalancer.random(), connectionPool: pool }] : undefined,
        };
        new ResilientBackend(chart, 'api', props);
        expect(SynthValidation.errors(chart)).toEqual([]);
        const tp = Testing.synth(chart).find((o: any) => o.kind === 'DestinationRule').spec.trafficPolicy;
        if (lb) expect(tp.loadBalancer).toMatchObject(JSON.parse(JSON.stringify(lb._toIstio())));
        if (loc) expect(tp.loadBalancer.localityLbSetting).toBeDefined();
        if (warm) expect(tp.loadBalancer.warmup.duration).toMatch(/^(\d+h)?(\d+m)?(\d+s)?$/);
        if (pool?.tcpKeepalive) expect(tp.connectionPool.tcp.tcpKeepalive).toBeDefined();
        if (portLevel) expect(tp.portLevelSettings[0].port).toEqual({ number: 80 });
      },
    ), { numRuns: 60 });
  });
});
