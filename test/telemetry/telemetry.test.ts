import { ApiObject, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { SchemaValidator } from '../../src/analysis/schema/schema-validator';
import { IngressGateway } from '../../src/gateway/ingress-gateway';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { MeshNamespace } from '../../src/mesh/mesh-namespace';
import { AccessLogFilter } from '../../src/telemetry/access-log-filter';
import { GatewayTelemetry, GatewayTelemetryProps, MetricsOverride } from '../../src/telemetry/gateway-telemetry';
import { TagOverride } from '../../src/telemetry/tag-override';
import { IstioMetric, WorkloadMode } from '../../src/telemetry/telemetry-enums';
import { TelemetryTarget } from '../../src/telemetry/telemetry-target';
import { TracingTag } from '../../src/telemetry/tracing-tag';
import { shopChart, single } from '../chart';

const validator = new SchemaValidator();

function schemaErrors(objects: any[]): string[] {
  return validator.validate(ManifestSet.fromObjects(objects)).filter((f) => f.severity === 'error').map((f) => f.message);
}

function gatewayChart(): { chart: Chart; gw: IngressGateway } {
  const chart = shopChart();
  const gw = new IngressGateway(chart, 'edge', { hostname: 'shop.example.com' });
  return { chart, gw };
}

/** Builds one telemetry on the `edge` gateway and returns its synthesized Telemetry. */
function telemetryFor(options: Omit<GatewayTelemetryProps, 'target'>): any {
  const { chart, gw } = gatewayChart();
  new GatewayTelemetry(chart, 'edge-telemetry', { target: TelemetryTarget.gateway(gw), ...options });
  return single(chart, 'Telemetry');
}

/** Expects building a telemetry on the `edge` gateway with these options to fail with the message. */
function expectFailure(options: Omit<GatewayTelemetryProps, 'target'>, message: RegExp | string): void {
  const { chart, gw } = gatewayChart();
  expect(() => new GatewayTelemetry(chart, 'edge-telemetry', { target: TelemetryTarget.gateway(gw), ...options })).toThrow(message);
}

describe('GatewayTelemetry: target', () => {
  test('a gateway target writes targetRefs to the Gateway, in its namespace', () => {
    const t = telemetryFor({ accessLogging: { providers: ['envoy'] } });
    expect(t.apiVersion).toBe('telemetry.istio.io/v1');
    expect(t.kind).toBe('Telemetry');
    expect(t.metadata).toEqual({ name: 'edge-telemetry', namespace: 'shop' });
    expect(t.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }]);
    expect(t.spec.selector).toBeUndefined();
  });

  test('a Gateway in another namespace gets its telemetry in that namespace', () => {
    const chart = shopChart();
    const gw = new IngressGateway(chart, 'edge', { namespace: 'edge-system' });
    const telemetry = new GatewayTelemetry(chart, 'logs', { target: TelemetryTarget.gateway(gw), accessLogging: {} });
    expect(telemetry.telemetryNamespace).toBe('edge-system');
    expect(single(chart, 'Telemetry').metadata.namespace).toBe('edge-system');
  });

  test('an imported Gateway is targeted by name, in its namespace', () => {
    const chart = shopChart();
    const gw = IngressGateway.fromGatewayName(chart, 'shared', 'shared-gw', 'infra');
    new GatewayTelemetry(chart, 'logs', { target: TelemetryTarget.gateway(gw), accessLogging: {} });
    const t = single(chart, 'Telemetry');
    expect(t.metadata.namespace).toBe('infra');
    expect(t.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared-gw' }]);
  });

  test('an imported Gateway of unknown namespace in a chart without one leaves the namespace to the apply context', () => {
    const chart = shopChart(null);
    const gw = IngressGateway.fromGatewayName(chart, 'shared', 'shared-gw');
    const telemetry = new GatewayTelemetry(chart, 'logs', { target: TelemetryTarget.gateway(gw), accessLogging: {} });
    expect(telemetry.telemetryNamespace).toBeUndefined();
    expect(single(chart, 'Telemetry').metadata.namespace).toBeUndefined();
  });

  test('a namespace target has neither selector nor targetRefs, and is written in that namespace', () => {
    const chart = shopChart();
    const telemetry = new GatewayTelemetry(chart, 'ns-logs', { target: TelemetryTarget.namespace('payments'), accessLogging: { providers: ['envoy'] } });
    const t = single(chart, 'Telemetry');
    expect(t.metadata).toEqual({ name: 'ns-logs', namespace: 'payments' });
    expect(t.spec).toEqual({ accessLogging: [{ providers: [{ name: 'envoy' }] }] });
    expect(telemetry.target.kind).toBe('Namespace');
    expect(telemetry.target.targetNamespace).toBe('payments');
  });

  test('name, metadata and the L1 escape hatch', () => {
    const { chart, gw } = gatewayChart();
    const telemetry = new GatewayTelemetry(chart, 'x', {
      target: TelemetryTarget.gateway(gw), name: 'edge-observability', metadata: { labels: { 'istio.io/rev': '1-30-3' } }, tracing: {},
    });
    expect(telemetry.node.defaultChild).toBe(telemetry.resource);
    expect(telemetry.telemetryName).toBe('edge-observability');
    ApiObject.of(telemetry.resource).addJsonPatch();
    const t = single(chart, 'Telemetry');
    expect(t.metadata.name).toBe('edge-observability');
    expect(t.metadata.labels).toEqual({ 'istio.io/rev': '1-30-3' });
  });
});

describe('GatewayTelemetry: scoped as the add methods do', () => {
  test('under the gateway (IngressGateway.addTelemetry)', () => {
    const { chart, gw } = gatewayChart();
    const telemetry = new GatewayTelemetry(gw, 'telemetry', { target: TelemetryTarget.gateway(gw), accessLogging: { providers: ['envoy'] } });
    expect(telemetry.node.path).toBe('shop/edge/telemetry');
    const t = single(chart, 'Telemetry');
    expect(t.metadata).toEqual({ name: 'telemetry', namespace: 'shop' });
    expect(t.spec.targetRefs[0].name).toBe('edge');
  });

  test('under a MeshNamespace (MeshNamespace.addTelemetry)', () => {
    const chart = shopChart();
    const ns = new MeshNamespace(chart, 'payments');
    new GatewayTelemetry(ns, 'telemetry', { target: TelemetryTarget.namespace(ns.namespaceName), tracing: { randomSamplingPercentage: 5 } });
    const t = single(chart, 'Telemetry');
    expect(t.metadata).toEqual({ name: 'telemetry', namespace: 'payments' });
    expect(t.spec).toEqual({ tracing: [{ randomSamplingPercentage: 5 }] });
  });
});

describe('GatewayTelemetry: access logging', () => {
  test('providers, filter, disabled and mode', () => {
    const t = telemetryFor({
      accessLogging: { providers: ['envoy', 'otel-als'], filter: AccessLogFilter.errorsOnly(), disabled: false, mode: WorkloadMode.SERVER },
    });
    expect(t.spec.accessLogging).toEqual([{
      providers: [{ name: 'envoy' }, { name: 'otel-als' }],
      disabled: false,
      filter: { expression: 'response.code >= 400' },
      match: { mode: 'SERVER' },
    }]);
  });

  test('filter helpers and custom expressions', () => {
    expect(AccessLogFilter.errorsOnly().celExpression).toBe('response.code >= 400');
    expect(AccessLogFilter.serverErrorsOnly().celExpression).toBe('response.code >= 500');
    const expression = "connection.mtls && request.url_path.contains('v1beta3')";
    const t = telemetryFor({ accessLogging: { filter: AccessLogFilter.expression(expression) } });
    expect(t.spec.accessLogging[0].filter).toEqual({ expression });
  });

  test('disabled logging for the mesh default provider', () => {
    const t = telemetryFor({ accessLogging: { disabled: true } });
    expect(t.spec.accessLogging).toEqual([{ disabled: true }]);
  });

  test('provider names of Istio docs are accepted', () => {
    const t = telemetryFor({ accessLogging: { providers: ['envoyFileAccessLogger', 'envoy_json', 'otel.logs'] } });
    expect(t.spec.accessLogging[0].providers.map((p: any) => p.name)).toEqual(['envoyFileAccessLogger', 'envoy_json', 'otel.logs']);
  });
});

describe('GatewayTelemetry: tracing', () => {
  test('provider, fractional sampling, custom tags (sorted), span reporting and mode', () => {
    const t = telemetryFor({
      tracing: {
        providers: ['otel-tracing'],
        randomSamplingPercentage: 0.5,
        disableSpanReporting: false,
        mode: WorkloadMode.CLIENT_AND_SERVER,
        customTags: [
          TracingTag.literal('team', 'payments'),
          TracingTag.requestHeader('user-agent', 'user-agent', 'unknown'),
          TracingTag.environment('cluster', 'CLUSTER_NAME'),
          TracingTag.formatter('upstream', '%UPSTREAM_HOST%'),
        ],
      },
    });
    expect(t.spec.tracing).toEqual([{
      providers: [{ name: 'otel-tracing' }],
      randomSamplingPercentage: 0.5,
      disableSpanReporting: false,
      customTags: {
        'cluster': { environment: { name: 'CLUSTER_NAME' } },
        'team': { literal: { value: 'payments' } },
        'upstream': { formatter: { value: '%UPSTREAM_HOST%' } },
        'user-agent': { header: { name: 'user-agent', defaultValue: 'unknown' } },
      },
      match: { mode: 'CLIENT_AND_SERVER' },
    }]);
    expect(Object.keys(t.spec.tracing[0].customTags)).toEqual(['cluster', 'team', 'upstream', 'user-agent']);
  });

  test('sampling at the bounds', () => {
    expect(telemetryFor({ tracing: { randomSamplingPercentage: 0 } }).spec.tracing).toEqual([{ randomSamplingPercentage: 0 }]);
    expect(telemetryFor({ tracing: { randomSamplingPercentage: 100 } }).spec.tracing).toEqual([{ randomSamplingPercentage: 100 }]);
  });

  test('the tag factories keep their arguments', () => {
    expect(TracingTag.environment('cluster', 'CLUSTER', 'dev')._toKube()).toEqual({ environment: { name: 'CLUSTER', defaultValue: 'dev' } });
    expect(TracingTag.literal('a', 'b').name).toBe('a');
  });
});

describe('GatewayTelemetry: metrics', () => {
  test('providers and overrides with metric, mode, disabled and tag overrides', () => {
    const t = telemetryFor({
      metrics: {
        providers: ['prometheus'],
        overrides: [
          { tagOverrides: [TagOverride.upsert('request_host', 'request.host'), TagOverride.upsert('gateway', '"edge"')] },
          { metric: IstioMetric.REQUEST_COUNT, mode: WorkloadMode.CLIENT, tagOverrides: [TagOverride.remove('response_code')] },
          { metric: IstioMetric.ALL_METRICS, mode: WorkloadMode.SERVER, disabled: true },
          { customMetric: 'envoy_cluster_upstream_rq', disabled: false },
        ],
      },
    });
    expect(t.spec.metrics).toEqual([{
      providers: [{ name: 'prometheus' }],
      overrides: [
        { tagOverrides: { gateway: { operation: 'UPSERT', value: '"edge"' }, request_host: { operation: 'UPSERT', value: 'request.host' } } },
        { match: { metric: 'REQUEST_COUNT', mode: 'CLIENT' }, tagOverrides: { response_code: { operation: 'REMOVE' } } },
        { match: { metric: 'ALL_METRICS', mode: 'SERVER' }, disabled: true },
        { match: { customMetric: 'envoy_cluster_upstream_rq' }, disabled: false },
      ],
    }]);
  });

  test('providers only', () => {
    expect(telemetryFor({ metrics: { providers: ['prometheus'] } }).spec.metrics).toEqual([{ providers: [{ name: 'prometheus' }] }]);
  });

  test('TagOverride exposes its operation and value', () => {
    const up = TagOverride.upsert('request_host', 'request.host');
    expect([up.tag, up.operation, up.value]).toEqual(['request_host', 'UPSERT', 'request.host']);
    const rm = TagOverride.remove('response_code');
    expect([rm.tag, rm.operation, rm.value]).toEqual(['response_code', 'REMOVE', undefined]);
  });
});

describe('GatewayTelemetry: synth validation and determinism', () => {
  function fullApp(): Chart {
    const { chart, gw } = gatewayChart();
    new GatewayTelemetry(chart, 'edge-telemetry', {
      target: TelemetryTarget.gateway(gw),
      accessLogging: { providers: ['envoy'], filter: AccessLogFilter.errorsOnly(), mode: WorkloadMode.SERVER },
      tracing: { providers: ['otel'], randomSamplingPercentage: 12.5, customTags: [TracingTag.requestHeader('tenant', 'x-tenant', 'none')] },
      metrics: {
        providers: ['prometheus'],
        overrides: [
          { metric: IstioMetric.REQUEST_COUNT, tagOverrides: [TagOverride.upsert('request_host', 'request.host'), TagOverride.remove('response_flags')] },
          { metric: IstioMetric.TCP_SENT_BYTES, disabled: true },
        ],
      },
    });
    new GatewayTelemetry(chart, 'shop-logs', { target: TelemetryTarget.namespace('shop'), accessLogging: { disabled: true } });
    return chart;
  }

  test('synth (schema + CEL validation) passes and the validator finds nothing', () => {
    const objects = Testing.synth(fullApp());
    expect(objects.filter((o: any) => o.kind === 'Telemetry')).toHaveLength(2);
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('the CRD rules catch what the construct prevents (the validator is really checking Telemetry)', () => {
    const bad = {
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: { name: 'x', namespace: 'shop' },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'other' }],
        tracing: [{ randomSamplingPercentage: 140 }],
        metrics: [{ overrides: [{ tagOverrides: { a: { operation: 'UPSERT', value: '' } } }] }],
      },
    };
    expect(schemaErrors([bad]).length).toBeGreaterThanOrEqual(3);
  });

  test('output is byte-identical across runs', () => {
    expect(JSON.stringify(Testing.synth(fullApp()))).toBe(JSON.stringify(Testing.synth(fullApp())));
  });
});

describe('GatewayTelemetry: errors', () => {
  test('fails when the target is missing', () => {
    const chart = shopChart();
    expect(() => new GatewayTelemetry(chart, 't', { accessLogging: {} } as any)).toThrow('[shop/t] target is missing; pass TelemetryTarget.gateway(gateway)');
  });

  test('fails when the gateway of a target is missing', () => {
    const chart = shopChart();
    expect(() => new GatewayTelemetry(chart, 't', { target: TelemetryTarget.gateway(undefined as any), accessLogging: {} }))
      .toThrow('[shop/t] target TelemetryTarget.gateway(): no Gateway given; pass an IngressGateway');
  });

  test('fails when the target namespace is invalid', () => {
    const chart = shopChart();
    expect(() => new GatewayTelemetry(chart, 't', { target: TelemetryTarget.namespace('Shop_1'), accessLogging: {} }))
      .toThrow('[shop/t] target TelemetryTarget.namespace("Shop_1"): namespace "Shop_1" is invalid; use at most 63 lowercase letters');
  });

  test('fails when the name is invalid', () => {
    expectFailure({ name: 'Edge_Telemetry', accessLogging: {} }, '[shop/edge-telemetry] name "Edge_Telemetry" is invalid');
  });

  test('fails when the telemetry sets nothing', () => {
    expectFailure({}, '[shop/edge-telemetry] the telemetry sets nothing; pass accessLogging, tracing or metrics');
  });

  test('fails when a provider name is invalid', () => {
    expectFailure({ accessLogging: { providers: ['envoy', 'Envoy Log'] } },
      '[shop/edge-telemetry] accessLogging.providers[1]: "Envoy Log" is not a valid provider name; use the name of a meshConfig extensionProviders entry');
    expectFailure({ metrics: { providers: ['-prometheus'] } }, 'metrics.providers[0]: "-prometheus" is not a valid provider name');
    expectFailure({ tracing: { providers: [''] } }, 'tracing.providers[0]: the provider name is empty');
  });

  test('fails when a providers list is empty', () => {
    expectFailure({ metrics: { providers: [] } }, '[shop/edge-telemetry] metrics.providers is empty; name at least one provider, e.g. ["prometheus"]');
  });

  test('fails when a provider is listed twice', () => {
    expectFailure({ accessLogging: { providers: ['envoy', 'envoy'] } }, 'accessLogging.providers lists "envoy" twice; list each provider once');
  });

  test('fails when tracing lists more than one provider', () => {
    expectFailure({ tracing: { providers: ['zipkin', 'otel'] } },
      'tracing.providers lists 2 providers (zipkin, otel), but Istio supports one tracing provider; keep one');
  });

  test('fails when the sampling percentage is out of range', () => {
    expectFailure({ tracing: { randomSamplingPercentage: 140 } }, '[shop/edge-telemetry] tracing.randomSamplingPercentage must be between 0 and 100, got 140');
    expectFailure({ tracing: { randomSamplingPercentage: -0.1 } }, 'must be between 0 and 100, got -0.1');
    expectFailure({ tracing: { randomSamplingPercentage: NaN } }, 'must be between 0 and 100, got NaN');
  });

  test('fails when the filter expression is empty', () => {
    expectFailure({ accessLogging: { filter: AccessLogFilter.expression('  ') } },
      '[shop/edge-telemetry] accessLogging.filter AccessLogFilter.expression("  "): the filter expression is empty');
  });

  test('fails when the filter expression is not valid CEL', () => {
    expectFailure({ accessLogging: { filter: AccessLogFilter.expression('response.code >=') } },
      /accessLogging\.filter AccessLogFilter\.expression\("response\.code >="\): "response\.code >=" is not a valid CEL expression \(at .+\); fix the syntax/);
  });

  test('fails when a filter is set on disabled logging', () => {
    expectFailure({ accessLogging: { disabled: true, filter: AccessLogFilter.errorsOnly() } },
      'accessLogging has a filter, but disabled is true, so nothing is logged; drop the filter or set disabled to false');
  });

  test('fails when two custom tags have the same name', () => {
    expectFailure({ tracing: { customTags: [TracingTag.literal('team', 'a'), TracingTag.requestHeader('team', 'x-team')] } },
      '[shop/edge-telemetry] tracing.customTags has two tags named "team"; give each tag its own name');
  });

  test('fails when a custom tag is invalid', () => {
    expectFailure({ tracing: { customTags: [TracingTag.literal('team', '')] } },
      'tracing.customTags[0] TracingTag.literal("team", ""): the literal value is empty');
    expectFailure({ tracing: { customTags: [TracingTag.literal('', 'x')] } }, 'TracingTag.literal("", "x"): the tag name is empty');
    expectFailure({ tracing: { customTags: [TracingTag.literal('my tag', 'x')] } }, 'tag name "my tag" contains whitespace or control characters');
    expectFailure({ tracing: { customTags: [TracingTag.requestHeader('ua', 'user agent')] } },
      'TracingTag.requestHeader("ua", "user agent"): header name "user agent" is not a valid HTTP header name');
    expectFailure({ tracing: { customTags: [TracingTag.environment('c', 'A=B')] } },
      'TracingTag.environment("c", "A=B"): environment variable name "A=B" is invalid');
    expectFailure({ tracing: { customTags: [TracingTag.formatter('c', '')] } }, 'TracingTag.formatter("c", ""): the formatter is empty');
    expectFailure({ tracing: { customTags: [{ name: 'x' } as any] } }, 'tracing.customTags[0] is not a TracingTag');
  });

  test('fails when a tag override is invalid', () => {
    expectFailure({ metrics: { overrides: [{ tagOverrides: [TagOverride.upsert('request_host', '')] }] } },
      'metrics.overrides[0].tagOverrides[0] TagOverride.upsert("request_host", ""): the value expression is empty');
    expectFailure({ metrics: { overrides: [{ tagOverrides: [TagOverride.upsert('request_host', 'request.host +')] }] } },
      /TagOverride\.upsert\("request_host", "request\.host \+"\): "request\.host \+" is not a valid CEL expression/);
    expectFailure({ metrics: { overrides: [{ tagOverrides: [TagOverride.remove('')] }] } }, 'TagOverride.remove(""): the tag name is empty');
    expectFailure({ metrics: { overrides: [{ tagOverrides: ['x' as any] }] } }, 'metrics.overrides[0].tagOverrides[0] is not a TagOverride');
  });

  test('fails when an override changes a tag twice', () => {
    expectFailure({ metrics: { overrides: [{ tagOverrides: [TagOverride.remove('response_code'), TagOverride.upsert('response_code', 'response.code')] }] } },
      '[shop/edge-telemetry] metrics.overrides[0].tagOverrides changes the tag "response_code" twice; keep one change per tag');
  });

  test('fails when an override has an unknown metric or mode', () => {
    expectFailure({ metrics: { overrides: [{ metric: 'REQUESTS' as IstioMetric, disabled: true }] } },
      '[shop/edge-telemetry] metrics.overrides[0].metric "REQUESTS" is not an Istio standard metric; use one of ALL_METRICS, REQUEST_COUNT');
    expectFailure({ metrics: { overrides: [{ mode: 'INBOUND' as WorkloadMode, disabled: true }] } },
      'metrics.overrides[0].mode "INBOUND" is not a workload mode; use WorkloadMode.CLIENT_AND_SERVER, CLIENT or SERVER');
    expectFailure({ accessLogging: { mode: 'both' as WorkloadMode } }, 'accessLogging.mode "both" is not a workload mode');
  });

  test('fails when an override sets both metric and customMetric', () => {
    expectFailure({ metrics: { overrides: [{ metric: IstioMetric.REQUEST_COUNT, customMetric: 'my_metric', disabled: true }] } },
      'metrics.overrides[0] sets both metric (REQUEST_COUNT) and customMetric ("my_metric"); an override selects one');
  });

  test('fails when customMetric is empty', () => {
    expectFailure({ metrics: { overrides: [{ customMetric: ' ', disabled: true }] } }, 'metrics.overrides[0].customMetric is empty');
  });

  test('fails when an override changes nothing', () => {
    expectFailure({ metrics: { overrides: [{ metric: IstioMetric.REQUEST_COUNT }] } },
      '[shop/edge-telemetry] metrics.overrides[0] changes nothing; set disabled or tagOverrides');
  });

  test('fails when a namespace gets two namespace-wide telemetries', () => {
    const chart = shopChart();
    new GatewayTelemetry(chart, 'a', { target: TelemetryTarget.namespace('shop'), accessLogging: {} });
    expect(() => new GatewayTelemetry(chart, 'b', { target: TelemetryTarget.namespace('shop'), tracing: {} }))
      .toThrow('[shop/b] namespace "shop" already has a Telemetry (shop/a), and Istio applies only one per target; merge the settings into one GatewayTelemetry');
  });

  test('fails when a gateway gets two telemetries', () => {
    const { chart, gw } = gatewayChart();
    new GatewayTelemetry(chart, 'a', { target: TelemetryTarget.gateway(gw), accessLogging: {} });
    expect(() => new GatewayTelemetry(chart, 'b', { target: TelemetryTarget.gateway(gw), tracing: {} }))
      .toThrow('[shop/b] gateway "shop/edge" already has a Telemetry (shop/a)');
  });

  test('fails when two telemetries share a name in one namespace', () => {
    const { chart, gw } = gatewayChart();
    new GatewayTelemetry(chart, 'a', { name: 'telemetry', target: TelemetryTarget.gateway(gw), accessLogging: {} });
    expect(() => new GatewayTelemetry(chart, 'b', { name: 'telemetry', target: TelemetryTarget.namespace('shop'), tracing: {} }))
      .toThrow('[shop/b] Telemetry name "telemetry" in namespace "shop" is already used by shop/a; pass a different name');
  });

  test('a gateway telemetry and a namespace-wide one can coexist', () => {
    const { chart, gw } = gatewayChart();
    new GatewayTelemetry(chart, 'a', { target: TelemetryTarget.gateway(gw), accessLogging: {} });
    new GatewayTelemetry(chart, 'b', { target: TelemetryTarget.namespace('shop'), tracing: {} });
    expect(Testing.synth(chart).filter((o: any) => o.kind === 'Telemetry')).toHaveLength(2);
  });
});

describe('GatewayTelemetry properties', () => {
  /** Mostly valid values, with a rare invalid one: the property covers both outcomes. */
  const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>): fc.Arbitrary<T> =>
    fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: invalid, weight: 1 });
  const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
  const provider = mostly(
    fc.constantFrom('envoy', 'prometheus', 'otel', 'zipkin', 'envoyFileAccessLogger', 'otel_als'),
    fc.constantFrom('', ' envoy', 'Envoy Log', '-x', 'a/b'),
  );
  const providers = (max: number) => maybe(mostly(fc.uniqueArray(provider, { minLength: 1, maxLength: max }), fc.constant([] as string[])));
  const mode = maybe(mostly(fc.constantFrom(...Object.values(WorkloadMode)), fc.constant('BOTH' as WorkloadMode)));
  const expression = mostly(
    fc.constantFrom('response.code >= 400', "request.url_path.startsWith('/api')", 'connection.mtls', 'response.code == 503 || response.flags != 0'),
    fc.constantFrom('', 'response.code >=', '(', 'a b'),
  );
  const tagName = mostly(fc.constantFrom('team', 'tenant', 'cluster', 'request_host', 'upstream'), fc.constantFrom('', 'my tag'));
  const tracingTag = fc.tuple(fc.constantFrom('literal', 'header', 'env', 'formatter'), tagName, mostly(fc.constantFrom('v', 'x-tenant', 'CLUSTER'), fc.constant('')))
    .map(([kind, name, value]) => {
      switch (kind) {
        case 'literal': return TracingTag.literal(name, value);
        case 'header': return TracingTag.requestHeader(name, value, 'none');
        case 'env': return TracingTag.environment(name, value);
        default: return TracingTag.formatter(name, value);
      }
    });
  const tagOverride = fc.tuple(fc.boolean(), tagName, expression)
    .map(([up, tag, value]) => (up ? TagOverride.upsert(tag, value) : TagOverride.remove(tag)));
  const override: fc.Arbitrary<MetricsOverride> = fc.record({
    metric: maybe(mostly(fc.constantFrom(...Object.values(IstioMetric)), fc.constant('REQUESTS' as IstioMetric))),
    customMetric: mostly(fc.constant(undefined), fc.constantFrom('my_metric', '')),
    mode,
    disabled: mostly(fc.boolean(), fc.constant(undefined)),
    tagOverrides: maybe(fc.array(tagOverride, { maxLength: 2 })),
  });
  const options = fc.record({
    gatewayTarget: fc.boolean(),
    accessLogging: maybe(fc.record({
      providers: providers(3),
      filter: maybe(expression.map((e) => AccessLogFilter.expression(e))),
      disabled: maybe(mostly(fc.constant(false), fc.constant(true))),
      mode,
    })),
    tracing: maybe(fc.record({
      providers: providers(1),
      randomSamplingPercentage: maybe(mostly(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(-1, 100.5, Infinity, NaN))),
      customTags: maybe(fc.uniqueArray(tracingTag, { maxLength: 3, selector: (t) => t.name })),
      disableSpanReporting: maybe(fc.boolean()),
      mode,
    })),
    metrics: maybe(fc.record({ providers: providers(2), overrides: maybe(fc.array(override, { maxLength: 3 })) })),
  });
  type Options = typeof options extends fc.Arbitrary<infer T> ? T : never;

  function build(o: Options): Chart {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'edge' });
    const gw = new IngressGateway(chart, 'gw');
    new GatewayTelemetry(chart, 'telemetry', {
      target: o.gatewayTarget ? TelemetryTarget.gateway(gw) : TelemetryTarget.namespace('edge'),
      accessLogging: o.accessLogging,
      tracing: o.tracing,
      metrics: o.metrics,
    });
    return chart;
  }

  test('every option set is either rejected at construct time with the path, or synthesizes a Telemetry the API server accepts that says what was asked', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(fc.property(options, (o) => {
      let objects: any[];
      try {
        objects = Testing.synth(build(o));
      } catch (e) {
        rejected++;
        expect((e as Error).message).toMatch(/^\[c\/telemetry\] /);
        return;
      }
      accepted++;
      expect(schemaErrors(objects)).toEqual([]);
      const t = objects.find((x: any) => x.kind === 'Telemetry');
      expect(t.spec.targetRefs === undefined).toBe(!o.gatewayTarget);
      expect(t.spec.tracing?.[0]?.randomSamplingPercentage).toBe(o.tracing?.randomSamplingPercentage);
      expect(t.spec.accessLogging?.[0]?.filter?.expression).toBe(o.accessLogging?.filter?.celExpression);
      expect(t.spec.metrics?.[0]?.overrides?.length).toBe(o.metrics?.overrides?.length || undefined);
      for (const section of ['accessLogging', 'tracing', 'metrics'] as const) {
        expect(t.spec[section]?.[0]?.providers?.map((p: any) => p.name)).toEqual(o[section]?.providers);
      }
    }), { numRuns: 400, seed: 20261127 });
    expect(accepted).toBeGreaterThan(150);
    expect(rejected).toBeGreaterThan(80);
  });

  test('output is deterministic for every option set', () => {
    fc.assert(fc.property(options, (o) => {
      let first: string;
      try {
        first = JSON.stringify(Testing.synth(build(o)));
      } catch {
        return;
      }
      expect(JSON.stringify(Testing.synth(build(o)))).toBe(first);
    }), { numRuns: 100, seed: 11 });
  });
});
