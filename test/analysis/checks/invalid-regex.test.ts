import { Testing } from 'cdk8s';
import { fixture, run, summary } from './helpers';
import * as gwapi from '../../../imports/gateway.networking.k8s.io';
import { Analyzer } from '../../../src/analysis/analyzer';
import { invalidRegex } from '../../../src/analysis/checks/invalid-regex';
import { Severity } from '../../../src/analysis/finding';
import { SynthValidation } from '../../../src/analysis/synth-validation';
import { shopChart } from '../../chart';

const CONSEQUENCE = ". Istio accepts the route, but Envoy rejects the gateway's route configuration that holds it, "
  + 'so no later route change on that gateway port takes effect';

describe('IGW1023 RegularExpression match that RE2 rejects', () => {
  test('reports every RegularExpression value of HTTPRoutes and GRPCRoutes that RE2 rejects', () => {
    const findings = run(invalidRegex, 'invalid-regex.yaml');
    expect(summary(findings)).toEqual([
      'error IGW1023 GRPCRoute shop/rpc spec.rules[0].matches[0].headers[0].value',
      'error IGW1023 GRPCRoute shop/rpc spec.rules[0].matches[0].method.service',
      'error IGW1023 HTTPRoute shop/bad spec.rules[0].matches[0].path.value',
      'error IGW1023 HTTPRoute shop/bad spec.rules[0].matches[1].headers[0].value',
      'error IGW1023 HTTPRoute shop/bad spec.rules[0].matches[1].queryParams[0].value',
      'error IGW1023 HTTPRoute shop/bad spec.rules[0].matches[1].queryParams[1].value',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'header "x-tenant" expression "(?<=t)x" uses a lookaround, which RE2 does not support; '
        + `match the text itself, or split the match into several rules${CONSEQUENCE}`,
      'method service expression "shop\\.(Orders" is not a valid regular expression (RE2: missing closing ): `shop\\.(Orders`)'
        + CONSEQUENCE,
      'path expression "/api/(?!internal).*" uses a lookaround, which RE2 does not support; '
        + `match the text itself, or split the match into several rules${CONSEQUENCE}`,
      `header "x-user" expression "(?<n>a)\\k<n>" uses a backreference, which RE2 does not support; match the text itself${CONSEQUENCE}`,
      'query parameter "id" expression "a{1001}" is not a valid regular expression (RE2: invalid repeat count: `{1001}`); '
        + `RE2 allows at most 1000 repetitions, nested repetition counts multiplied${CONSEQUENCE}`,
      'query parameter "tail" expression "end\\Z" is not a valid regular expression (RE2: invalid escape sequence: `\\Z`); '
        + `use \\z for the end of the text${CONSEQUENCE}`,
    ]);
    expect(findings[0].fix).toBe('write the expression in RE2 syntax: no lookarounds or backreferences, '
      + 'at most 1000 repetitions, (?i) for case-insensitive matching');
  });

  test('the fixture passes schema and CEL validation: only RE2 finds the errors', () => {
    const report = new Analyzer({ externalObjects: ['Service shop/api', 'Service shop/rpc'] }).analyze(fixture('invalid-regex.yaml'));
    const ids = report.findings.filter((f) => f.severity === Severity.ERROR).map((f) => f.id);
    expect(ids).toEqual(Array(6).fill('IGW1023'));
  });

  test('fails synth of an App whose raw HTTPRoute has a header expression RE2 rejects, naming the construct path', () => {
    const chart = shopChart();
    SynthValidation.enable(chart, { externalObjects: ['Gateway shop/edge'] });
    new gwapi.HttpRoute(chart, 'route', {
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        parentRefs: [{ name: 'edge' }],
        rules: [{ matches: [{ headers: [{ type: gwapi.HttpRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION, name: 'x-a', value: 'a(?=b)' }] }] }],
      },
    });
    expect(() => Testing.synth(chart)).toThrow(
      /IGW1023 \[shop\/route\] HTTPRoute shop\/web spec\.rules\[0\]\.matches\[0\]\.headers\[0\]\.value: header "x-a" expression "a\(\?=b\)" uses a lookaround/);
  });

  test('no finding on a correct app', () => {
    expect(run(invalidRegex, 'valid-app.yaml')).toEqual([]);
  });
});
