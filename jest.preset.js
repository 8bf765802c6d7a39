// Shared jest settings: TypeScript through @swc/jest (no type check here; `typecheck` targets do that).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    // mljs (clustering) and vega (figures) ship ES modules only; jest runs CommonJS, so swc converts them.
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(ml-[a-z-]+|is-any-array|vega|vega-[a-z-]+|d3-[a-z-]+|delaunator|internmap|robust-predicates|json-stringify-pretty-compact)/)',
  ],
  // vega-canvas's node build awaits an optional `canvas` package at top level, which CommonJS cannot
  // express; without that package both builds give no canvas, so tests use the browser build.
  moduleNameMapper: {
    '^vega-canvas$': require('node:path').join(__dirname, 'node_modules/vega-canvas/build/vega-canvas.browser.js'),
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 120000,
};
