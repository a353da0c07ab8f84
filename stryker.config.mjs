// Mutation testing of the engines (`npm run test:mutation`): StrykerJS changes one operator, constant or
// condition at a time in src/lib and reruns the unit tests that cover it; a change no test notices "survives".
// Mutants that cannot change behaviour (equivalent mutants) are disabled in the source with a
// `// Stryker disable next-line <mutator>: <reason>` comment, so each exception carries its reason.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  mutate: ['src/lib/**/*.ts', '!src/lib/**/*.d.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: 'test-results/mutation/mutation.json' },
  htmlReporter: { fileName: 'test-results/mutation/mutation.html' },
  tempDirName: 'test-results/.stryker-tmp',
  concurrency: 2,
  timeoutMS: 20000,
  thresholds: { high: 90, low: 85, break: null },
  cleanTempDir: 'always',
  incrementalFile: 'test-results/mutation/incremental.json',
};
