import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { gateway, httpListener, simulate } from './helpers';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/gateway-api-v1.6.1-examples');
const haveCorpus = fs.existsSync(CORPUS);
if (!haveCorpus) {
  // eslint-disable-next-line no-console
  console.warn(`skipping simulation corpus tests: ${CORPUS} is not present (it exists on dev machines and CI only)`);
}
const corpus = haveCorpus ? describe : describe.skip;

/** The HTTPRoutes of an example file, attached to infra/gw (the traffic-splitting examples name no parent). */
function attachedRoutes(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(path.join(CORPUS, file), 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o?.kind === 'HTTPRoute')
    .map((o) => ({ ...o, spec: { ...o.spec, parentRefs: [{ name: 'gw', namespace: 'infra' }] } }));
}

corpus('traffic-splitting examples of the Gateway API', () => {
  const run = (file: string, request: any) => simulate([gateway([httpListener()]), ...attachedRoutes(file)], { assumeServicesExist: true })
    .request({ host: 'foo.example.com', ...request });

  test('traffic-split-1: a header match sends test traffic to foo-v2, the rest to foo-v1', () => {
    expect(run('traffic-splitting/traffic-split-1.yaml', {})).toRouteTo('foo-v1');
    expect(run('traffic-splitting/traffic-split-1.yaml', { headers: { traffic: 'test' } })).toRouteTo('foo-v2');
  });

  test('traffic-split-2: 90/10', () => {
    const d = run('traffic-splitting/traffic-split-2.yaml', {});
    expect(d).toRouteTo('foo-v1', 0.9);
    expect(d).toRouteTo('foo-v2', 0.1);
  });

  test('traffic-split-3: weight 0 and 1 send everything to foo-v2', () => {
    expect(run('traffic-splitting/traffic-split-3.yaml', {})).toRouteTo('foo-v2');
  });

  test('simple-split has no hostnames and serves any host', () => {
    const d = run('traffic-splitting/simple-split.yaml', { host: 'anything.example.org' });
    expect(d.shareOf('foo-v1')).toBe(0.9);
  });

  test('the foo-route examples only serve foo.example.com', () => {
    expect(run('traffic-splitting/traffic-split-2.yaml', { host: 'bar.example.com' })).toReturnStatus(404);
  });
});
