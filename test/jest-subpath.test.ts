import * as fs from 'fs';
import * as path from 'path';
import { trafficMatchers } from '../src/simulation/jest-matchers';

const ROOT = path.join(__dirname, '..');
const built = fs.existsSync(path.join(ROOT, 'lib', 'src', 'simulation', 'jest-matchers.js'));
if (!built) {
  // eslint-disable-next-line no-console
  console.warn('skipping the cdk8s-istio-gateway/jest subpath test: lib/ is not built (npx projen compile builds it; CI does)');
}

describe('the cdk8s-istio-gateway/jest subpath', () => {
  (built ? test : test.skip)('resolves to the compiled jest matchers', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sub = require(path.join(ROOT, 'jest'));
    expect(Object.keys(sub.trafficMatchers).sort()).toEqual(Object.keys(trafficMatchers).sort());
  });

  test('ships in the package with its types', () => {
    expect(fs.readFileSync(path.join(ROOT, 'jest.d.ts'), 'utf8')).toContain("export * from './lib/src/simulation/jest-matchers';");
    const ignore = fs.readFileSync(path.join(ROOT, '.npmignore'), 'utf8').split('\n');
    expect(ignore).not.toContain('/jest.js');
    expect(ignore).not.toContain('jest.d.ts');
  });
});

describe('the public API exports what users call', () => {
  test('RoutingDecisionData is internal; the decision types users read are exported', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('../src');
    expect(Object.keys(lib)).toContain('RoutingDecision');
    expect(Object.keys(lib)).not.toContain('ImportedGateway');
    const index = fs.readFileSync(path.join(ROOT, 'src', 'index.ts'), 'utf8');
    expect(index).not.toContain('RoutingDecisionData');
    expect(index).not.toContain("export * from './simulation/routing-decision'");
  });
});
