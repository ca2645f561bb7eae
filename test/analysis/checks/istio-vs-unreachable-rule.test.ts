import { runOn, summaryOn, to, virtualService } from './istio-objects';
import { istioUnreachableRule } from '../../../src/analysis/checks/istio-vs-unreachable-rule';
import { catchAllMatch, catchAllRule, firstCatchAllRule } from '../../../src/istio-api/catch-all-routes';

const vs = (http: any[], hosts = ['shop.example.com']) => virtualService('shop', 'shop', { hosts, gateways: ['istio-system/gw'], http });
const prefix = (p: string, extra: any = {}) => ({ match: [{ uri: { prefix: p }, ...extra }], route: [to('a')] });

describe('IGW1063 VirtualService http rule after an unconditional rule is unreachable', () => {
  test('a catch-all last, or conditional rules only: nothing', () => {
    expect(runOn(istioUnreachableRule, [vs([prefix('/api'), prefix('/')])])).toEqual([]);
    expect(runOn(istioUnreachableRule, [vs([prefix('/api'), { route: [to('a')] }])])).toEqual([]);
    expect(runOn(istioUnreachableRule, [vs([prefix('/', { headers: { x: { exact: '1' } } }), prefix('/api')])])).toEqual([]);
    expect(runOn(istioUnreachableRule, [vs([prefix('/', { method: { exact: 'GET' } }), prefix('/api')])])).toEqual([]);
    expect(runOn(istioUnreachableRule, [vs([{ match: [{ uri: { regex: '/.*' } }], route: [to('a')] }, prefix('/api')])])).toEqual([]);
    expect(runOn(istioUnreachableRule, [vs([prefix('/', { port: 80 }), prefix('/api')])])).toEqual([]);
  });

  test('warns on every rule after a rule without match, naming both', () => {
    expect(runOn(istioUnreachableRule, [vs([prefix('/api'), { name: 'default', route: [to('a')] }, { name: 'mirror', ...prefix('/m') }, prefix('/x')])])).toEqual([
      'warning IGW1063 VirtualService shop/shop spec.http[2]: spec.http[2] ("mirror") is unreachable: spec.http[1] ("default") before it has no match, '
      + 'and Istio matches rules in order and builds no route after a catch-all '
      + '(fix: move spec.http[1] to the end of spec.http, or give spec.http[1] a condition (e.g. a uri prefix) so later rules can match)',
      'warning IGW1063 VirtualService shop/shop spec.http[3]: spec.http[3] is unreachable: spec.http[1] ("default") before it has no match, '
      + 'and Istio matches rules in order and builds no route after a catch-all '
      + '(fix: move spec.http[1] to the end of spec.http, or give spec.http[1] a condition (e.g. a uri prefix) so later rules can match)',
    ]);
  });

  test('warns after uri prefix "/", uri regex ".*" and an empty match, also as a later match of a rule', () => {
    expect(summaryOn(istioUnreachableRule, [vs([prefix('/'), prefix('/api')])])).toEqual(['warning IGW1063 VirtualService shop/shop spec.http[1]']);
    const regex = runOn(istioUnreachableRule, [vs([{ match: [{ uri: { regex: '.*' } }], route: [to('a')] }, prefix('/api')])]);
    expect(regex[0]).toContain('spec.http[0] before it matches every request (uri regex ".*")');
    expect(summaryOn(istioUnreachableRule, [vs([{ match: [{}], route: [to('a')] }, prefix('/api')])])).toEqual(['warning IGW1063 VirtualService shop/shop spec.http[1]']);
    const second = runOn(istioUnreachableRule, [vs([{ match: [{ uri: { prefix: '/a' } }, { uri: { prefix: '/' } }], route: [to('a')] }, prefix('/api')])]);
    expect(second[0]).toContain('give spec.http[0].match[1] a condition');
  });

  test('in a delegate only rules without match count; a root rule with delegate is not a catch-all', () => {
    const delegate = virtualService('d', 'shop', { http: [prefix('/'), prefix('/x')] });
    expect(runOn(istioUnreachableRule, [delegate])).toEqual([]);
    const delegate2 = virtualService('d', 'shop', { http: [{ route: [to('a')] }, prefix('/x')] });
    expect(runOn(istioUnreachableRule, [delegate2])[0]).toContain('has no match of the requests delegated here');
    expect(runOn(istioUnreachableRule, [vs([{ delegate: { name: 'd' } }, prefix('/x')])])).toEqual([]);
  });

  test('catch-all helpers follow IsCatchAllRoute', () => {
    expect(catchAllMatch({ uri: { prefix: '/' }, ignoreUriCase: true })).toBe('uri prefix "/"');
    expect(catchAllMatch({ uri: { exact: '/' } })).toBeUndefined();
    expect(catchAllMatch({ queryParams: { a: { exact: 'b' } } })).toBeUndefined();
    expect(catchAllMatch({ withoutHeaders: { a: {} } })).toBeUndefined();
    expect(catchAllMatch({ authority: { exact: 'a' } })).toBeUndefined();
    expect(catchAllMatch({ sourceLabels: { app: 'x' } })).toBeUndefined();
    expect(catchAllMatch({ gateways: ['mesh'] })).toBeUndefined();
    expect(catchAllMatch({ name: 'all', uri: { prefix: '/' } })).toBe('uri prefix "/"');
    expect(catchAllRule({ route: [] })).toEqual({ reason: 'no match' });
    expect(firstCatchAllRule([prefix('/a'), prefix('/'), { route: [] }])).toBe(1);
    expect(firstCatchAllRule([prefix('/a')])).toBe(-1);
  });
});
