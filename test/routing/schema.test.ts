import { celErrors, schemaErrors } from './schema';

/* The test harness must catch what the API server rejects, or the routing
 * tests that rely on it prove nothing. */

const route = (spec: any) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec });
const svc = (name: string) => ({ group: '', kind: 'Service', name, port: 80, weight: 1 });
const parent = (sectionName?: string) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', sectionName });
const slash = { path: { type: 'PathPrefix', value: '/' } };

describe('schema and CEL harness', () => {
  test('a valid route passes', () => {
    const obj = route({ parentRefs: [parent()], rules: [{ matches: [slash], backendRefs: [svc('a')] }] });
    expect(schemaErrors(obj)).toEqual([]);
    expect(celErrors(obj)).toEqual([]);
  });

  test.each([
    ['redirect with backendRefs', { rules: [{ matches: [slash], filters: [{ type: 'RequestRedirect', requestRedirect: { statusCode: 302 } }], backendRefs: [svc('a')] }] },
      /RequestRedirect filter must not be used together with backendRefs/],
    ['repeated header modifier', {
      rules: [{
        matches: [slash],
        filters: [
          { type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['a'] } },
          { type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['b'] } },
        ],
      }],
    }, /RequestHeaderModifier filter cannot be repeated/],
    ['backendRequest longer than request', { rules: [{ matches: [slash], timeouts: { request: '1s', backendRequest: '2s' } }] },
      /backendRequest timeout cannot be longer than request timeout/],
    ['same parent without sectionName', { parentRefs: [parent(), parent('https')], rules: [{ matches: [slash] }] },
      /sectionName must be specified when parentRefs includes 2 or more references to the same parent/],
    ['path with //', { rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/a//b' } }] }] }, /must not contain '\/\/'/],
    ['replacePrefixMatch with two matches', {
      rules: [{
        matches: [slash, { path: { type: 'PathPrefix', value: '/b' } }],
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
      }],
    }, /When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified/],
    ['Service without port', { rules: [{ matches: [slash], backendRefs: [{ group: '', kind: 'Service', name: 'a' }] }] },
      /Must have port for Service reference/],
  ])('catches %s', (_name, spec, message) => {
    expect(celErrors(route({ parentRefs: [parent()], ...spec })).join('\n')).toMatch(message);
  });

  test('catches a schema violation', () => {
    const obj = route({ rules: [{ matches: [slash], backendRefs: [{ ...svc('a'), weight: 2_000_000 }] }] });
    expect(schemaErrors(obj).join('\n')).toMatch(/weight must be <= 1000000/);
  });
});
