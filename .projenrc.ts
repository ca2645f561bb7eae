import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-istio-gateway',
  description: 'Typed cdk8s constructs for Istio ingress through the Kubernetes Gateway API, with offline validation and traffic simulation',
  author: 'cdk8s-istio-gateway authors',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://example.invalid/cdk8s-istio-gateway.git',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0', // TS 7 breaks ts-node and jsii
  minNodeVersion: '20.0.0',
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // non-jsii runtime dependencies must be bundled
  bundledDeps: ['yaml@^2.8.0', 'ajv@^8.17.1', '@bufbuild/cel@^0.6.1', '@bufbuild/protobuf@^2.6.2', 'commander@^12.1.0', 're2js@^2.10.0'],
  devDeps: ['cdk8s-cli@2.207.60', 'fast-check@^4', 'ts-node@^10'],
  keywords: ['cdk8s', 'istio', 'gateway-api', 'kubernetes', 'httproute'],
  github: false,
  buildWorkflow: false,
  release: false,
  depsUpgrade: false,
  clobber: false,
  sampleCode: false,
  entrypoint: 'lib/src/index.js',
  tsconfig: {
    include: ['imports/**/*.ts'],
    compilerOptions: { rootDir: '.' },
  },
  tsconfigDev: { include: ['../examples/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.ts'] },
  typecheckTests: true,
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'scripts', 'bench'], ignorePatterns: ['imports/**', '*.d.ts', 'node_modules/', 'lib/', 'coverage/', 'examples/**/dist/**'] },
  jestOptions: {
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      collectCoverage: false,
      // the suites build many partial apps on purpose; their synth-time warnings are asserted where they matter
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/examples/.*/dist/'],
      transform: { '^.+\\.[t]sx?$': new javascript.Transform('ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json', isolatedModules: true }) },
    },
  },
});

// eslint's projectService needs a tsconfig.json next to each folder of dev-only TypeScript
for (const dir of ['examples', 'scripts', 'bench']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromTypescriptConfigs([project.tsconfig!]),
    include: ['**/*.ts'],
    compilerOptions: { noEmit: true, rootDir: '..' },
  });
}

// eslint-import-resolver-typescript >= 3.8 pulls unrs-resolver, which breaks `npm ci` here
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// The layers of src/, lowest first: internal -> manifests -> gateway-api, istio-api (the shared rules of the Gateway
// API and of Istio's own networking API) -> analysis, simulation (readers of manifests) -> graph (draws the simulation
// model), diff (compares two simulations) -> migration (Istio API to Gateway API, proved by diff) -> constructs
// (routing -> gateway, backend; mesh; security, telemetry) -> gitops, cli.
// Readers never import constructs; constructs reach analysis only through its synth-validation hook.
const CONSTRUCTS = ['./src/gateway', './src/routing', './src/backend', './src/mesh', './src/security', './src/telemetry'];
const zone = (target: string, from: string[], except: string[] = []) => from.map((f) => ({ target, from: f, ...(except.length ? { except } : {}) }));
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'import/no-cycle': ['error', { ignoreExternal: true }],
    // no `import type`: import/no-cycle does not follow type-only imports, so a type-level cycle would go unseen
    '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'no-type-imports' }],
    'import/no-restricted-paths': ['error', {
      zones: [
        ...zone('./src/internal', ['./src/manifests', './src/gateway-api', './src/analysis', './src/simulation', ...CONSTRUCTS, './src/gitops', './src/cli']),
        ...zone('./src/manifests', ['./src/gateway-api', './src/analysis', './src/simulation', ...CONSTRUCTS, './src/gitops', './src/cli']),
        ...zone('./src/gateway-api', ['./src/analysis', './src/simulation', ...CONSTRUCTS, './src/gitops', './src/cli']),
        ...zone('./src/istio-api', ['./src/analysis', './src/simulation', ...CONSTRUCTS, './src/gitops', './src/cli', './src/graph', './src/diff', './src/migration']),
        ...zone('./src/gateway-api', ['./src/istio-api', './src/graph', './src/diff', './src/migration']),
        // diff compares two simulations; migration converts manifests and proves itself with diff; neither knows constructs
        ...zone('./src/diff', [...CONSTRUCTS, './src/analysis', './src/gitops', './src/cli', './src/migration', './src/graph']),
        ...zone('./src/migration', [...CONSTRUCTS, './src/gitops', './src/cli', './src/graph']),
        ...['./src/internal', './src/manifests', './src/analysis', './src/simulation', ...CONSTRUCTS, './src/gitops']
          .flatMap((layer) => zone(layer, ['./src/diff', './src/migration'])),
        ...zone('./src/analysis', ['./src/simulation', ...CONSTRUCTS, './src/gitops', './src/cli']),
        // the simulator may ask the schema validator (what the API server accepts), nothing else of analysis
        ...zone('./src/simulation', ['./src/analysis'], ['./schema']),
        ...zone('./src/simulation', [...CONSTRUCTS, './src/gitops', './src/cli']),
        ...CONSTRUCTS.flatMap((c) => zone(c, ['./src/simulation', './src/gitops', './src/cli'])),
        // among the constructs: routing is below gateway and backend; mesh stands alone
        ...zone('./src/routing', ['./src/gateway', './src/backend', './src/mesh']),
        ...zone('./src/backend', ['./src/gateway', './src/mesh']),
        ...zone('./src/gateway', ['./src/backend', './src/mesh']),
        ...zone('./src/mesh', ['./src/gateway', './src/routing', './src/backend']),
        ...zone('./src/security', ['./src/routing', './src/backend', './src/mesh', './src/telemetry']),
        ...zone('./src/telemetry', ['./src/routing', './src/backend', './src/mesh', './src/security']),
        ...CONSTRUCTS.flatMap((c) => zone(c, ['./src/analysis'], ['./synth-validation.ts'])),
        ...zone('./src/gitops', ['./src/simulation', './src/cli']),
        // graph reads the simulation model; nothing below it reads graph
        ...zone('./src/graph', [...CONSTRUCTS, './src/analysis', './src/gitops', './src/cli']),
        ...['./src/internal', './src/manifests', './src/gateway-api', './src/analysis', './src/simulation', ...CONSTRUCTS, './src/gitops']
          .flatMap((layer) => zone(layer, ['./src/graph'])),
      ],
    }],
  },
});

project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.package.addField('types', 'lib/src/index.d.ts');
project.npmignore?.exclude('/imports/**/*.ts', '/examples/', '/bench/', '/scripts/', '/.ci/', '/.tmp/');
project.gitignore.exclude('/.tmp/');

project.addBins({ 'cdk8s-istio-gateway': 'bin/cdk8s-istio-gateway' });

// The test task: type-check, lint (no --fix: CI must not edit files), jest, and a closing
// `N passed, N failed` line that CI recognises (jest's own summary is not).
project.testTask.reset();
project.testTask.exec('tsc --noEmit -p test/tsconfig.json', { name: 'Type-check tests, examples, scripts and bench' });
const lint = project.addTask('lint', {
  description: 'Lint without fixing (the eslint task fixes)',
  env: { ESLINT_USE_FLAT_CONFIG: 'false', NODE_NO_WARNINGS: '1' },
  exec: 'eslint --ext .ts --no-error-on-unmatched-pattern src test examples scripts bench projenrc .projenrc.ts',
});
project.testTask.exec('node scripts/run-jest.js', { receiveArgs: true, name: 'Jest with a closing summary line' });
project.testTask.spawn(lint);
project.tasks.tryFind('test:update')?.reset('jest --updateSnapshot --passWithNoTests --ci', { receiveArgs: true });

project.addTask('example', {
  description: 'Synthesize the flagship example (seed 000: canary, header routing, TLS with redirect, circuit breaking)',
  exec: 'ts-node --transpile-only examples/synth.ts seed-000-canary',
});
project.addTask('examples', {
  description: 'Synthesize every example into its committed dist/',
  exec: 'ts-node --transpile-only examples/synth.ts',
});

project.addTask('bench', {
  description: 'What users get: each case and size in its own child process, default Node flags (BENCH_SIZES=1000,5000 BENCH_RUNS=1 for a quick run)',
  exec: 'ts-node --transpile-only bench/users.bench.ts',
});
project.addTask('bench:inprocess', {
  description: 'The older in-process synthesis benchmark (all cases in one process, with --max-semi-space-size=64): not what users get',
  env: { NODE_OPTIONS: '--max-semi-space-size=64' },
  exec: 'ts-node --transpile-only bench/synth.bench.ts',
});

const benchRegex = project.addTask('bench:regex', {
  description: 'RE2 regex benchmark: a 10,000-character path against catastrophic patterns (median ms per case)',
  exec: 'ts-node --transpile-only bench/regex.bench.ts',
});
project.tasks.tryFind('bench')?.spawn(benchRegex);
project.addTask('bench:cli', {
  description: 'validate on 250,000 objects (one file, a directory of files, one finding per object): time and peak RSS per child process',
  exec: 'ts-node --transpile-only bench/cli-validate.bench.ts',
});

project.addTask('import', {
  description: 'Regenerate imports/ (bindings and validation data) from CRD files or URLs; see scripts/import-crds.ts',
  receiveArgs: true,
  exec: 'ts-node --transpile-only scripts/import-crds.ts',
});

project.synth();
