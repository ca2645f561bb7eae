import * as fs from 'fs';
import * as path from 'path';
import { Chart, Include, Testing } from 'cdk8s';
import {
  backend, dotIds, edgesBetween, gateway, graphOf, httpListener, mermaidIds, nodeOf, route, SEEDS, seedDist, seedGraph, service,
} from './helpers';
import { RoutingGraph, RoutingGraphFormat } from '../../src/graph/routing-graph';
import { RoutingGraphEdgeKind, RoutingGraphMark, RoutingGraphNodeKind } from '../../src/graph/routing-graph-model';
import { ManifestSet } from '../../src/manifests/manifest-set';
import { experimentalChannel } from '../examples/helpers';

const { GATEWAY, LISTENER, ROUTE, RULE, BACKEND, REDIRECT, POLICY } = RoutingGraphNodeKind;

describe('seed examples', () => {
  test('seed-000: 90/10 split, header rule to the canary, HTTPS redirect, DestinationRules', () => {
    const g = seedGraph('seed-000-canary');
    const gw = nodeOf(g, GATEWAY, 'istio-test/istio-gateway');
    const http = nodeOf(g, LISTENER, 'istio-test/istio-gateway/http');
    const https = nodeOf(g, LISTENER, 'istio-test/istio-gateway/https');
    expect(http.label).toBe('listener http\nHTTP :80 test.codingtricks.io');
    expect(https.label).toBe('listener https\nHTTPS :443 test.codingtricks.io');
    expect(edgesBetween(g, gw, http)).toHaveLength(1);
    const app = nodeOf(g, ROUTE, 'istio-test/backend-route');
    const redirect = nodeOf(g, ROUTE, 'istio-test/istio-gateway-https-redirect');
    // the app route hangs off the HTTPS listener only, the redirect route off the HTTP listener only
    expect(edgesBetween(g, https, app).map((e) => e.kind)).toEqual([RoutingGraphEdgeKind.ATTACHMENT]);
    expect(edgesBetween(g, http, app)).toEqual([]);
    expect(edgesBetween(g, http, redirect).map((e) => e.kind)).toEqual([RoutingGraphEdgeKind.ATTACHMENT]);
    expect(edgesBetween(g, https, redirect)).toEqual([]);

    const split = nodeOf(g, RULE, 'istio-test/backend-route#0');
    const canary = nodeOf(g, RULE, 'istio-test/backend-route#1');
    expect(split.label).toBe('rule 0 traffic-split\nPathPrefix /');
    expect(canary.label).toBe('rule 1 canary-header\nPathPrefix / · header x-version=v2');
    const v1 = nodeOf(g, BACKEND, 'istio-test/backend-v1:80');
    const v2 = nodeOf(g, BACKEND, 'istio-test/backend-v2:80');
    expect(edgesBetween(g, split, v1)).toEqual([{ from: split.id, to: v1.id, kind: RoutingGraphEdgeKind.BACKEND, label: '90%', marks: [] }]);
    expect(edgesBetween(g, split, v2)[0].label).toBe('10%');
    expect(edgesBetween(g, canary, v2)[0].label).toBe('100%');
    expect(edgesBetween(g, canary, v1)).toEqual([]);

    const rd = g.nodes.find((n) => n.kind === REDIRECT)!;
    expect(rd.label).toBe('redirect 301\nscheme https');
    expect(edgesBetween(g, nodeOf(g, RULE, 'istio-test/istio-gateway-https-redirect#0'), rd))
      .toEqual([expect.objectContaining({ kind: RoutingGraphEdgeKind.REDIRECT, label: '301', marks: [] })]);

    const dr1 = nodeOf(g, POLICY, 'istio-test/backend-v1');
    expect(dr1.label).toBe('DestinationRule istio-test/backend-v1\nlb ROUND_ROBIN · max 100 connections · max 50 pending · eject after 5 5xx');
    expect(edgesBetween(g, v1, dr1)).toEqual([expect.objectContaining({ kind: RoutingGraphEdgeKind.POLICY, label: 'policy' })]);
    expect(edgesBetween(g, v2, nodeOf(g, POLICY, 'istio-test/backend-v2'))).toHaveLength(1);

    // nothing is marked, so no legend
    expect([...g.nodes, ...g.edges].every((x) => x.marks.length === 0)).toBe(true);
    expect(g.toMermaid()).not.toContain('legend');
  });

  test('seed-000 in Mermaid: weights, redirect and policy edges as written', () => {
    const text = seedGraph('seed-000-canary').toMermaid();
    const lines = text.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  ls2(["listener https<br/>HTTPS :443 test.codingtricks.io"])');
    expect(lines).toContain('  ru1 -->|"90%"| be1');
    expect(lines).toContain('  ru1 -->|"10%"| be2');
    expect(lines).toContain('  ru3 -->|"301"| rd1');
    expect(lines).toContain('  be1 ---|"policy"| dr1');
  });

  test('seed-001: the header rule and the default rule each send all their traffic to one Service', () => {
    const g = seedGraph('seed-001-header-routing');
    const listener = nodeOf(g, LISTENER, 'istio-system/external-gateway/http');
    expect(listener.label).toBe('listener http\nHTTP :80');
    const r = nodeOf(g, ROUTE, 'default/httpbin-route');
    expect(edgesBetween(g, listener, r)).toHaveLength(1);
    const header = nodeOf(g, RULE, 'default/httpbin-route#0');
    expect(header.label).toContain('header x-version=v2');
    expect(header.marks).toEqual([]);
    expect(edgesBetween(g, header, nodeOf(g, BACKEND, 'default/httpbin-v2:80'))[0].label).toBe('100%');
    expect(edgesBetween(g, nodeOf(g, RULE, 'default/httpbin-route#1'), nodeOf(g, BACKEND, 'default/httpbin:80'))[0].label).toBe('100%');
  });

  test('seed-002: a route from another namespace attached through the Selector listener, with its DestinationRule', () => {
    const g = seedGraph('seed-002-bookinfo');
    const r = nodeOf(g, ROUTE, 'default/bookinfo');
    expect(edgesBetween(g, nodeOf(g, LISTENER, 'istio-system/bookinfo-gateway/https'), r)).toHaveLength(1);
    expect(nodeOf(g, RULE, 'default/bookinfo#0').label)
      .toBe('rule 0\nPathPrefix /productpage\nPathPrefix /login\nPathPrefix /logout\nPathPrefix /api/v1/products');
    const pp = nodeOf(g, BACKEND, 'default/productpage:9080');
    expect(edgesBetween(g, pp, nodeOf(g, POLICY, 'default/productpage'))).toHaveLength(1);
    expect(g.nodes.filter((n) => n.kind === REDIRECT)).toHaveLength(1);
  });

  test('seed-003: 90/10 on Exact /hello through a wildcard listener', () => {
    const g = seedGraph('seed-003-helloworld');
    expect(nodeOf(g, LISTENER, 'sample-ingress/sample-gateway/http').label).toBe('listener http\nHTTP :80 *.sample.com');
    const rule = nodeOf(g, RULE, 'sample/helloworld#0');
    expect(rule.label).toBe('rule 0 traffic-split\nExact /hello');
    expect(edgesBetween(g, rule, nodeOf(g, BACKEND, 'sample/helloworld-v1:5000'))[0].label).toBe('90%');
    expect(edgesBetween(g, rule, nodeOf(g, BACKEND, 'sample/helloworld-v2:5000'))[0].label).toBe('10%');
  });

  test.each(SEEDS)('%s: Mermaid declares every edge endpoint', (seed) => {
    const text = seedGraph(seed).toMermaid();
    const { declared, endpoints } = mermaidIds(text);
    expect(endpoints.length).toBeGreaterThan(0);
    for (const id of endpoints) expect(declared).toContain(id);
    expect(text.endsWith('\n')).toBe(true);
  });

  test.each(SEEDS)('%s: DOT balances quotes and braces and declares every edge endpoint', (seed) => {
    const text = seedGraph(seed).toDot();
    expect(text.startsWith('digraph routing {\n  rankdir=LR;\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    const { declared, endpoints } = dotIds(text);
    expect(endpoints.length).toBeGreaterThan(0);
    for (const id of endpoints) expect(declared).toContain(id);
  });

  test.each(SEEDS)('%s: the output does not depend on the order of the input', (seed) => {
    const set = ManifestSet.fromPaths([seedDist(seed)]);
    const reversed = ManifestSet.fromObjects(set.all.map((m) => m.object).reverse());
    const options = { experimental: experimentalChannel(seed) };
    const a = RoutingGraph.fromManifests(set, options);
    const b = RoutingGraph.fromManifests(reversed, options);
    expect(b.toMermaid()).toBe(a.toMermaid());
    expect(b.toDot()).toBe(a.toDot());
    expect(RoutingGraph.fromManifests(set, options).toMermaid()).toBe(a.toMermaid());
  });
});

describe('marks', () => {
  const gw = gateway([httpListener(), { name: 'internal', port: 8080, protocol: 'HTTP' }]);

  test('a route whose sectionName names no listener is unattached, with a dashed edge from the Gateway and a legend', () => {
    const g = graphOf([gw, service('api'), route('typo', {
      parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'htps' }],
      rules: [{ backendRefs: [backend('api')] }],
    })]);
    const r = nodeOf(g, ROUTE, 'app/typo');
    expect(r.marks).toEqual([RoutingGraphMark.UNATTACHED]);
    expect(r.label).toBe('HTTPRoute app/typo\nany host\nnot attached');
    expect(r.reason).toContain('sectionName htps names no listener');
    expect(edgesBetween(g, nodeOf(g, GATEWAY, 'infra/gw'), r)).toEqual([expect.objectContaining({
      kind: RoutingGraphEdgeKind.REJECTED_ATTACHMENT, label: 'parentRef selects no listener', marks: [RoutingGraphMark.UNATTACHED],
    })]);
    const rule = nodeOf(g, RULE, 'app/typo#0');
    expect(rule.marks).toEqual([RoutingGraphMark.UNREACHABLE]);
    expect(edgesBetween(g, rule, nodeOf(g, BACKEND, 'app/api:80'))[0].marks).toEqual([RoutingGraphMark.UNREACHABLE]);

    const mermaid = g.toMermaid();
    expect(mermaid).toContain('  gw1 -.->|"parentRef selects no listener"| rt1');
    expect(mermaid).toContain('  classDef unattached ');
    expect(mermaid).toContain('  class rt1 unattached');
    expect(mermaid).toContain('  class ru1 unreachable');
    expect(mermaid).toMatch(/legend\["Legend: dashed = not taken by traffic<br\/>unattached: the route attaches to no listener<br\/>unreachable: /);
    // links are numbered from 0 in the order they are written: gw1 --> ls1, gw1 --> ls2, gw1 -.-> rt1, ...
    const links = mermaid.split('\n').filter((l) => /^  \w+ (-->|-\.->|---)/.test(l));
    expect(links[2]).toBe('  gw1 -.->|"parentRef selects no listener"| rt1');
    expect(mermaid).toContain('  linkStyle 2 stroke:#c62828,color:#c62828');
    const dot = g.toDot();
    expect(dot).toContain('"rt1" [label="HTTPRoute app/typo\\nany host\\nnot attached", shape=box, style="dashed", color="#c62828", class="unattached"');
    expect(dot).toContain('"gw1" -> "rt1" [label="parentRef selects no listener", style="dashed"');
    expect(dot).toContain('"legend" [label="Legend: dashed = not taken by traffic\\nunattached:');
  });

  test('a route that the listener does not allow gets a dashed edge from that listener', () => {
    const same = gateway([{ name: 'http', port: 80, protocol: 'HTTP' }]);
    const g = graphOf([same, route('other-ns', { rules: [{ backendRefs: [backend('api')] }] }), service('api')]);
    const r = nodeOf(g, ROUTE, 'app/other-ns');
    expect(r.marks).toEqual([RoutingGraphMark.UNATTACHED]);
    expect(r.reason).toContain('NotAllowedByListeners');
    expect(edgesBetween(g, nodeOf(g, LISTENER, 'infra/gw/http'), r)[0]).toMatchObject({
      kind: RoutingGraphEdgeKind.REJECTED_ATTACHMENT, label: 'not allowed (allowedRoutes)',
    });
  });

  test('a route whose hostnames intersect no listener gets a dashed edge labelled so', () => {
    const g = graphOf([gateway([httpListener({ hostname: 'shop.example.com' })]), service('api'),
      route('elsewhere', { hostnames: ['blog.example.com'], rules: [{ backendRefs: [backend('api')] }] })]);
    const r = nodeOf(g, ROUTE, 'app/elsewhere');
    expect(edgesBetween(g, nodeOf(g, LISTENER, 'infra/gw/http'), r)[0].label).toBe('no matching hostname');
    expect(r.reason).toContain('NoMatchingListenerHostname');
  });

  test('a route naming a Gateway that is not in the input is marked, without edges to it', () => {
    const g = graphOf([gw, service('api'), route('lost', {
      parentRefs: [{ name: 'nowhere', namespace: 'infra' }], rules: [{ backendRefs: [backend('api')] }],
    })]);
    const r = nodeOf(g, ROUTE, 'app/lost');
    expect(r.marks).toEqual([RoutingGraphMark.UNATTACHED]);
    expect(r.reason).toBe('HTTPRoute app/lost: parentRef names Gateway infra/nowhere, which is not in the input');
    expect(g.edges.filter((e) => e.to === r.id)).toEqual([]);
  });

  test('a route without any Gateway in the input is marked unattached', () => {
    const g = graphOf([service('api'), route('alone', { rules: [{ backendRefs: [backend('api')] }] })]);
    expect(nodeOf(g, ROUTE, 'app/alone').reason).toBe('HTTPRoute app/alone names no Gateway of the input');
  });

  test('a rule whose matches an earlier rule of the route repeats is unreachable; a more specific one is not', () => {
    const g = graphOf([gw, service('a'), service('b'), service('c'), route('dup', {
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [backend('a')] },
        { matches: [{ path: { type: 'PathPrefix', value: '/api/' } }], backendRefs: [backend('b')] },
        { matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-v', value: '2' }] }], backendRefs: [backend('c')] },
      ],
    })]);
    const shadowed = nodeOf(g, RULE, 'app/dup#1');
    expect(shadowed.marks).toEqual([RoutingGraphMark.UNREACHABLE]);
    expect(shadowed.reason).toBe('rule 0 of HTTPRoute app/dup has the same matches and comes first, so it takes every request of rule 1');
    expect(edgesBetween(g, nodeOf(g, ROUTE, 'app/dup'), shadowed)[0].marks).toEqual([RoutingGraphMark.UNREACHABLE]);
    expect(edgesBetween(g, shadowed, nodeOf(g, BACKEND, 'app/b:80'))[0].marks).toEqual([RoutingGraphMark.UNREACHABLE]);
    expect(nodeOf(g, RULE, 'app/dup#0').marks).toEqual([]);
    expect(nodeOf(g, RULE, 'app/dup#2').marks).toEqual([]);
  });

  test('a rule is reachable when one of its matches is not repeated earlier', () => {
    const g = graphOf([gw, service('a'), route('partly', {
      rules: [
        { matches: [{ path: { type: 'Exact', value: '/x' } }], backendRefs: [backend('a')] },
        { matches: [{ path: { type: 'Exact', value: '/x' } }, { path: { type: 'Exact', value: '/y' } }], backendRefs: [backend('a')] },
      ],
    })]);
    expect(nodeOf(g, RULE, 'app/partly#1').marks).toEqual([]);
  });

  test('a cross-namespace backendRef without a ReferenceGrant is blocked; with one it is not', () => {
    const objects = [gw, service('pay', 'payments'), route('x', { rules: [{ backendRefs: [backend('pay', 1, 'payments')] }] })];
    const g = graphOf(objects);
    const e = edgesBetween(g, nodeOf(g, RULE, 'app/x#0'), nodeOf(g, BACKEND, 'payments/pay:80'))[0];
    expect(e.marks).toEqual([RoutingGraphMark.BLOCKED]);
    expect(e.label).toBe('100%\nblocked: no ReferenceGrant');
    expect(nodeOf(g, BACKEND, 'payments/pay:80').marks).toEqual([]);
    expect(g.toMermaid()).toContain('ru1 -.->|"100%<br/>blocked: no ReferenceGrant"| be1');

    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: { name: 'from-app', namespace: 'payments' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'app' }], to: [{ group: '', kind: 'Service' }] },
    };
    const granted = graphOf([...objects, grant]);
    expect(granted.edges.find((x) => x.kind === RoutingGraphEdgeKind.BACKEND)!.marks).toEqual([]);
  });

  test('a backend whose Service is missing is broken, unless Services are assumed to exist', () => {
    const objects = [gw, route('x', { rules: [{ backendRefs: [backend('ghost')] }] })];
    const ghost = nodeOf(graphOf(objects), BACKEND, 'app/ghost:80');
    expect(ghost.marks).toEqual([RoutingGraphMark.BROKEN]);
    expect(ghost.reason).toBe('Service app/ghost is not in the input (BackendNotFound)');
    expect(ghost.label).toBe('Service app/ghost :80\nService app/ghost is not in the input (BackendNotFound)');
    expect(nodeOf(graphOf(objects, { assumeServicesExist: true }), BACKEND, 'app/ghost:80').marks).toEqual([]);
    expect(nodeOf(graphOf(objects, { externalObjects: ['Service app/ghost'] }), BACKEND, 'app/ghost:80').marks).toEqual([]);
  });

  test('weights that do not sum to 100 show the weight; weight 0 is marked', () => {
    const g = graphOf([gw, service('a'), service('b'), service('c'), route('w', {
      rules: [{ backendRefs: [backend('a', 1), backend('b', 2), backend('c', 0)] }],
    })]);
    const rule = nodeOf(g, RULE, 'app/w#0');
    expect(edgesBetween(g, rule, nodeOf(g, BACKEND, 'app/a:80'))[0].label).toBe('33.33% (weight 1)');
    expect(edgesBetween(g, rule, nodeOf(g, BACKEND, 'app/b:80'))[0].label).toBe('66.67% (weight 2)');
    const zero = edgesBetween(g, rule, nodeOf(g, BACKEND, 'app/c:80'))[0];
    expect(zero.label).toBe('0% (weight 0)');
    expect(zero.marks).toEqual([RoutingGraphMark.BROKEN]);
  });

  test('an HTTPS listener without tls is not programmed under Istio 1.31', () => {
    const objects = [gateway([{ name: 'https', port: 443, protocol: 'HTTPS' }])];
    expect(nodeOf(graphOf(objects), LISTENER, 'infra/gw/https').marks).toEqual([]);
    const l = nodeOf(graphOf(objects, { istioVersion: '1.31' }), LISTENER, 'infra/gw/https');
    expect(l.marks).toEqual([RoutingGraphMark.NOT_PROGRAMMED]);
    expect(l.reason).toContain('has no tls');
    expect(l.label).toBe('listener https\nHTTPS :443\nnot programmed');
  });
});

describe('filters', () => {
  const gw = gateway([httpListener()]);

  test('redirect targets, mirrors and other filters are drawn and named', () => {
    const g = graphOf([gw, service('a'), service('shadow'), route('f', {
      rules: [
        { filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'new.example.com', path: { type: 'ReplaceFullPath', replaceFullPath: '/v2' } } }] },
        {
          matches: [{ method: 'POST', path: { type: 'PathPrefix', value: '/orders' }, queryParams: [{ name: 'dry', value: '1' }] }],
          filters: [
            { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v1' } } },
            { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x', value: 'y' }] } },
            { type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 80 }, percent: 10 } },
          ],
          backendRefs: [backend('a')],
        },
      ],
    })]);
    const rd = g.nodes.find((n) => n.kind === REDIRECT)!;
    // RequestRedirect statusCode defaults to 302 (HTTPRequestRedirectFilter.StatusCode)
    expect(rd.label).toBe('redirect 302\nhost new.example.com · path /v2');
    expect(edgesBetween(g, nodeOf(g, RULE, 'app/f#0'), rd)[0].label).toBe('302');
    const rule = nodeOf(g, RULE, 'app/f#1');
    expect(rule.label).toBe('rule 1\nPOST PathPrefix /orders · query dry=1\nrewrite prefix /v1\nRequestHeaderModifier');
    expect(edgesBetween(g, rule, nodeOf(g, BACKEND, 'app/shadow:80'))).toEqual([
      expect.objectContaining({ kind: RoutingGraphEdgeKind.MIRROR, label: 'mirror 10%' }),
    ]);
  });
});

test('timeouts are named in the rule', () => {
  const g = graphOf([gateway([httpListener()]), service('a'), route('t', {
    rules: [{ timeouts: { request: '10s', backendRequest: '2s' }, backendRefs: [backend('a')] }],
  })]);
  expect(nodeOf(g, RULE, 'app/t#0').label).toBe('rule 0\nPathPrefix /\ntimeout request 10s, backend 2s');
});

describe('escaping', () => {
  // every character a header match value may hold that Mermaid or DOT could read as syntax
  const nasty = 'a"b|c<d>#e]f{g}`h\\i;j$k&l%m';

  function nastyGraph(): RoutingGraph {
    return graphOf([gateway([httpListener()]), service('a'), route('esc', {
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-q', value: nasty }] }], backendRefs: [backend('a')] }],
    })]);
  }

  test('the label keeps the value as written', () => {
    const g = nastyGraph();
    expect(g.notes).toEqual([]);
    expect(nodeOf(g, RULE, 'app/esc#0').label).toBe(`rule 0\nPathPrefix / · header x-q=${nasty}`);
  });

  test('Mermaid writes syntax characters as entity codes, and the graph still parses', () => {
    const text = nastyGraph().toMermaid();
    expect(text.split('\n')).toContain('  ru1("rule 0<br/>PathPrefix / · header x-q=a#34;b#124;c#60;d#62;#35;e#93;f#123;g#125;#96;h#92;i#59;j#36;k#38;l%m")');
    const { declared, endpoints } = mermaidIds(text);
    for (const id of endpoints) expect(declared).toContain(id);
  });

  test('DOT escapes quotes and backslashes, encodes &, and the graph still parses', () => {
    const text = nastyGraph().toDot();
    expect(text.split('\n')).toContain('  "ru1" [label="rule 0\\nPathPrefix / · header x-q=a\\"b|c<d>#e]f{g}`h\\\\i;j$k&amp;l%m", shape=box, style="rounded"];');
    const { declared, endpoints } = dotIds(text);
    for (const id of endpoints) expect(declared).toContain(id);
  });

  test('control characters never reach the output: the API server rejects them in values, and notes show them escaped', () => {
    const evil = 'x\u001b[31m\u202e\u2028y';
    const g = graphOf([gateway([httpListener()]), service('a'), route('evil', {
      rules: [{ matches: [{ headers: [{ name: 'x-q', value: evil }] }], backendRefs: [backend('a')] }],
    })]);
    expect(g.notes).toEqual([expect.stringContaining('HTTPRoute app/evil (input) is rejected')]);
    for (const text of [g.toMermaid(), g.toDot(), g.toMarkdown()]) {
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }
    expect(g.toMermaid()).toContain('x\\u001b[31m\\u202e\\u2028y');
  });

  test('long values are shortened, long lists end with +N more', () => {
    const long = `/${'x'.repeat(200)}`;
    const g = graphOf([gateway([httpListener()]), service('a'), route('long', {
      hostnames: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com'],
      rules: [{ matches: [{ path: { type: 'Exact', value: long } }], backendRefs: [backend('a')] }],
    })]);
    expect(nodeOf(g, ROUTE, 'app/long').label).toBe('HTTPRoute app/long\na.example.com, b.example.com, c.example.com, +2 more');
    const line = nodeOf(g, RULE, 'app/long#0').label.split('\n')[1];
    expect(line.length).toBeLessThan(80);
    expect(line).toContain('...');
  });

  test('objects the model reads late (a duplicate Service) are in the notes too', () => {
    const g = graphOf([gateway([httpListener()]), service('a'), service('a'), route('r', { rules: [{ backendRefs: [backend('a')] }] })]);
    expect(g.notes).toEqual([expect.stringContaining('Service app/a appears 2 times in the input')]);
  });

  test('notes of the model are comments that cannot end the line or the Markdown fence', () => {
    const r = route('dup', { rules: [{ backendRefs: [backend('a')] }] });
    const g = graphOf([gateway([httpListener()]), service('a'), r, { ...r, metadata: { ...r.metadata, annotations: { note: '```' } } }]);
    expect(g.notes).toEqual([expect.stringContaining('HTTPRoute app/dup appears 2 times in the input')]);
    expect(g.toMermaid()).toContain('\n  %% note: HTTPRoute app/dup appears 2 times in the input');
    expect(g.toDot()).toContain('\n  // note: HTTPRoute app/dup appears 2 times in the input');
  });
});

describe('RoutingGraph', () => {
  test('fromApp reads the objects of an App', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    for (const f of fs.readdirSync(seedDist('seed-000-canary')).filter((x) => x.endsWith('.yaml'))) new Include(chart, f, { url: path.join(seedDist('seed-000-canary'), f) });
    const g = RoutingGraph.fromApp(app);
    expect(g.toMermaid()).toBe(seedGraph('seed-000-canary').toMermaid());
  });

  test('fromYaml, render and toMarkdown', () => {
    const yaml = fs.readFileSync(path.join(seedDist('seed-003-helloworld'), 'sample.k8s.yaml'), 'utf8')
      + '---\n' + fs.readFileSync(path.join(seedDist('seed-003-helloworld'), 'sample-ingress.k8s.yaml'), 'utf8');
    const g = RoutingGraph.fromYaml(yaml);
    expect(g.render(RoutingGraphFormat.DOT)).toBe(g.toDot());
    expect(g.render(RoutingGraphFormat.MERMAID)).toBe(g.toMermaid());
    expect(g.toMarkdown()).toBe(`# Routing\n\n\`\`\`mermaid\n${g.toMermaid()}\`\`\`\n`);
    expect(g.toMarkdown('Shop\nrouting').startsWith('# Shop routing\n')).toBe(true);
  });

  test('fails when the Istio version is unknown', () => {
    expect(() => graphOf([], { istioVersion: '1.2' })).toThrow('istioVersion "1.2" is not supported; use one of 1.30, 1.31');
  });

  test('fails when an external object is malformed', () => {
    expect(() => graphOf([], { externalObjects: ['shop/api'] })).toThrow(/Kind namespace\/name/);
  });

  test('an empty input gives an empty flowchart and an empty digraph', () => {
    const g = graphOf([]);
    expect(g.toMermaid()).toBe('flowchart LR\n');
    expect(g.toDot()).toBe('digraph routing {\n  rankdir=LR;\n  node [fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n}\n');
  });
});

describe('every route kind', () => {
  test('GRPCRoute, TLSRoute and TCPRoute are drawn on their listeners with their backends', () => {
    const g = seedGraph('seed-001-protocols');
    const grpc = nodeOf(g, RoutingGraphNodeKind.ROUTE, 'GRPCRoute default/greeter-route');
    const tls = nodeOf(g, RoutingGraphNodeKind.ROUTE, 'TLSRoute default/db-route');
    const tcp = nodeOf(g, RoutingGraphNodeKind.ROUTE, 'TCPRoute default/redis-route');
    expect(grpc.label.split('\n')[0]).toBe('GRPCRoute default/greeter-route');
    expect(edgesBetween(g, nodeOf(g, RoutingGraphNodeKind.LISTENER, 'istio-system/external-gateway/db'), tls)).toHaveLength(1);
    expect(edgesBetween(g, nodeOf(g, RoutingGraphNodeKind.LISTENER, 'istio-system/external-gateway/redis'), tcp)).toHaveLength(1);
    const rule = nodeOf(g, RoutingGraphNodeKind.RULE, 'TCPRoute default/redis-route#0');
    expect(rule.label).toBe('rule 0');
    const redis = nodeOf(g, RoutingGraphNodeKind.BACKEND, 'default/redis:6379');
    expect(edgesBetween(g, rule, redis).map((e) => e.label)).toEqual(['100%']);
    const split = nodeOf(g, RoutingGraphNodeKind.RULE, 'GRPCRoute default/greeter-route#0');
    expect(g.edges.filter((e) => e.from === split.id).map((e) => e.label).sort()).toEqual(['10%', '90%']);
  });
});
