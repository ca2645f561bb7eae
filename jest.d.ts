// The jest matchers of cdk8s-istio-gateway: `import { trafficMatchers } from 'cdk8s-istio-gateway/jest'`.
export * from './lib/src/simulation/jest-matchers';
