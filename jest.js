// The jest matchers of cdk8s-istio-gateway: `import { trafficMatchers } from 'cdk8s-istio-gateway/jest'`.
// Their generic matcher type cannot go through jsii, so they live outside the jsii module.
module.exports = require('./lib/src/simulation/jest-matchers');
