import { api, edge, routeSpec } from './fakes';
import { HeaderMatch, QueryParamMatch } from '../../src/routing/header-match';
import { HttpRoute } from '../../src/routing/http-route';
import { HttpRouteMatch } from '../../src/routing/http-route-match';
import { PathMatch } from '../../src/routing/path-match';
import { shopChart } from '../chart';

/** Builds a route with one rule holding `match`, synthesizes it and returns its spec. */
function build(match: HttpRouteMatch): any {
  const chart = shopChart();
  new HttpRoute(chart, 'api', { parents: [edge()], rules: [{ matches: [match], backends: [{ backend: api() }] }] });
  return routeSpec(chart);
}

describe('RegularExpression matches are RE2', () => {
  test('accepts a case-insensitive header match and renders it as written', () => {
    const spec = build({ headers: [HeaderMatch.regularExpression('x-user', '(?i)^abc$')] });
    expect(spec.rules[0].matches[0].headers).toEqual([{ type: 'RegularExpression', name: 'x-user', value: '(?i)^abc$' }]);
  });

  test('accepts RE2-only syntax in paths and query parameters', () => {
    const spec = build({
      path: PathMatch.regularExpression('/(?i:api)/(?P<version>v[0-9]+)/.*'),
      queryParams: [QueryParamMatch.regularExpression('q', '(?s).+')],
    });
    expect(spec.rules[0].matches[0]).toMatchObject({
      path: { type: 'RegularExpression', value: '/(?i:api)/(?P<version>v[0-9]+)/.*' },
      queryParams: [{ type: 'RegularExpression', name: 'q', value: '(?s).+' }],
    });
  });

  test('fails when a header expression uses a named backreference, naming the construct path', () => {
    expect(() => build({ headers: [HeaderMatch.regularExpression('x-a', '(?<n>a)\\k<n>')] })).toThrow(
      '[shop/api] rules[0] matches[0].headers[0] ("x-a") expression "(?<n>a)\\k<n>" '
      + 'uses a backreference, which RE2 does not support; match the text itself');
  });

  test('fails when a path repeats more than 1000 times', () => {
    expect(() => build({ path: PathMatch.regularExpression('/a{1001}') })).toThrow(
      /^\[shop\/api\] rules\[0\] matches\[0\]\.path RegularExpression "\/a\{1001\}" is not a valid regular expression \(RE2: invalid repeat count: `\{1001\}`\); RE2 allows at most 1000 repetitions/);
  });

  test('fails when a query parameter expression uses \\Z', () => {
    expect(() => build({ queryParams: [QueryParamMatch.regularExpression('q', 'a\\Z')] })).toThrow(
      /\.queryParams\[0\] \("q"\) expression "a\\Z" is not a valid regular expression \(RE2: invalid escape sequence: `\\Z`\); use \\z for the end of the text/);
  });

  test('fails when a path uses a lookbehind', () => {
    expect(() => build({ path: PathMatch.regularExpression('/(?<!x)a') })).toThrow(
      /\.path RegularExpression "\/\(\?<!x\)a" uses a lookaround, which RE2 does not support/);
  });
});
