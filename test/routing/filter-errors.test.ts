import { Duration, Testing } from 'cdk8s';
import { api, edge, FakeBackend } from './fakes';
import { HttpPathModifier } from '../../src/routing/http-path-modifier';
import { HttpRoute } from '../../src/routing/http-route';
import { HttpRouteFilter, HttpScheme } from '../../src/routing/http-route-filter';
import { shopChart } from '../chart';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const headers = (n: number) => Object.fromEntries(range(n).map(i => [`x-${i}`, 'v']));

/** A route whose only rule has `filter` (with a backend unless it is a redirect). */
const withFilter = (filter: HttpRouteFilter, backends = true) => () => {
  const chart = shopChart();
  new HttpRoute(chart, 'api', { parents: [edge()], rules: [{ filters: [filter], backends: backends ? [{ backend: api() }] : [] }] });
  Testing.synth(chart);
};

const cases: Array<[string, () => void, RegExp]> = [
  // header modifiers
  ['empty header modifier', withFilter(HttpRouteFilter.requestHeaderModifier({})),
    /rules\[0\] filters\[0\] \(RequestHeaderModifier\) changes nothing; give at least one of set, add or remove/],
  ['more than 16 set headers', withFilter(HttpRouteFilter.responseHeaderModifier({ set: headers(17) })),
    /\(ResponseHeaderModifier\) has 17 headers in set; at most 16 are allowed/],
  ['more than 16 removed headers', withFilter(HttpRouteFilter.requestHeaderModifier({ remove: range(17).map(i => `x-${i}`) })),
    /has 17 headers in remove; at most 16 are allowed/],
  ['invalid header name to set', withFilter(HttpRouteFilter.requestHeaderModifier({ set: { 'x a': '1' } })),
    /header name "x a" in set must only contain letters, digits/],
  ['header both set and removed', withFilter(HttpRouteFilter.requestHeaderModifier({ set: { 'X-A': '1' }, remove: ['x-a'] })),
    /header "x-a" appears more than once \(set and remove\); header names are case-insensitive/],
  ['empty header value to add', withFilter(HttpRouteFilter.requestHeaderModifier({ add: { 'x-a': '' } })),
    /header "x-a" in add must have a value of 1 to 4096 characters/],
  // redirect
  ['invalid redirect scheme', withFilter(HttpRouteFilter.requestRedirect({ scheme: 'ftp' as HttpScheme }), false),
    /\(RequestRedirect\) has scheme "ftp"; use http or https/],
  ['wildcard redirect hostname', withFilter(HttpRouteFilter.requestRedirect({ hostname: '*.example.com' }), false),
    /has hostname "\*\.example\.com", which must be lowercase DNS labels separated by dots, without a wildcard/],
  ['invalid redirect port', withFilter(HttpRouteFilter.requestRedirect({ port: 0 }), false),
    /has port 0, which must be an integer between 1 and 65535/],
  ['invalid redirect statusCode', withFilter(HttpRouteFilter.requestRedirect({ statusCode: 304 }), false),
    /has statusCode 304; use one of 301, 302, 303, 307, 308/],
  ['redirect path too long', withFilter(HttpRouteFilter.requestRedirect({ path: HttpPathModifier.replaceFullPath('/' + 'a'.repeat(1024)) }), false),
    /has a path longer than 1024 characters/],
  // rewrite
  ['empty rewrite', withFilter(HttpRouteFilter.urlRewrite({})), /\(URLRewrite\) changes nothing; give a hostname or a path/],
  ['invalid rewrite hostname', withFilter(HttpRouteFilter.urlRewrite({ hostname: 'API.internal' })), /has hostname "API.internal", which must be/],
  // mirror
  ['mirror backend without port', withFilter(HttpRouteFilter.requestMirror(new FakeBackend('shadow'))),
    /\(RequestMirror\) mirror backend is a Service without a port/],
  ['mirror with percent and fraction', withFilter(HttpRouteFilter.requestMirror(api(), { percent: 5, fraction: { numerator: 1 } })),
    /sets both percent and fraction; set one of them/],
  ['mirror percent above 100', withFilter(HttpRouteFilter.requestMirror(api(), { percent: 101 })),
    /has percent 101; it must be an integer between 0 and 100/],
  ['mirror fraction above 1', withFilter(HttpRouteFilter.requestMirror(api(), { fraction: { numerator: 3, denominator: 2 } })),
    /has fraction 3\/2; numerator and denominator must be integers/],
  // cors
  ['more than 64 origins', withFilter(HttpRouteFilter.cors({ allowOrigins: range(65).map(i => `https://o${i}.example.com`) })),
    /\(CORS\) has 65 entries in allowOrigins; at most 64 are allowed/],
  ['* with other origins', withFilter(HttpRouteFilter.cors({ allowOrigins: ['*', 'https://a.example.com'] })),
    /lists "\*" in allowOrigins alongside other values; use "\*" alone/],
  ['* with other methods', withFilter(HttpRouteFilter.cors({ allowMethods: ['*', 'GET'] })), /lists "\*" in allowMethods alongside other values/],
  ['* with other headers', withFilter(HttpRouteFilter.cors({ allowHeaders: ['*', 'x-a'] })), /lists "\*" in allowHeaders alongside other values/],
  ['repeated origin', withFilter(HttpRouteFilter.cors({ allowOrigins: ['https://a.example.com', 'https://a.example.com'] })),
    /lists a value more than once in allowOrigins/],
  ['invalid origin', withFilter(HttpRouteFilter.cors({ allowOrigins: ['example.com'] })),
    /has origin "example.com"; use scheme:\/\/host\[:port\]/],
  ['invalid method', withFilter(HttpRouteFilter.cors({ allowMethods: ['FETCH'] })), /has method "FETCH"; use one of GET, HEAD/],
  ['invalid expose header', withFilter(HttpRouteFilter.cors({ exposeHeaders: ['x a'] })), /has an invalid header name "x a"/],
  ['fractional maxAge', withFilter(HttpRouteFilter.cors({ maxAge: Duration.millis(1500) })),
    /has maxAge 1500ms; it must be a whole number of seconds, at least 1/],
  // extensionRef
  ['extensionRef without a name', withFilter(HttpRouteFilter.extensionRef({ group: 'example.com', kind: 'Auth', name: '' })),
    /\(ExtensionRef\) needs a name of 1 to 253 characters/],
  ['extensionRef with an invalid kind', withFilter(HttpRouteFilter.extensionRef({ group: 'example.com', kind: 'a b', name: 'x' })),
    /has an invalid kind "a b"/],
  ['extensionRef with an invalid group', withFilter(HttpRouteFilter.extensionRef({ group: 'Example', kind: 'Auth', name: 'x' })),
    /has an invalid group "Example"/],
];

describe('HttpRouteFilter errors', () => {
  test.each(cases)('fails when given %s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});
