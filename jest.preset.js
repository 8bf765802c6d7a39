// Shared jest settings: TypeScript through @swc/jest (no type check here; `typecheck` targets do that).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // The mljs clustering packages ship ES modules only; jest runs CommonJS, so swc converts them.
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(ml-kmeans|ml-hclust|ml-nearest-vector|ml-distance-euclidean|ml-spectra-processing|is-any-array)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 120000,
};
