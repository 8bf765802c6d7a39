// The tiny zoo is built once (content-addressed in the temporary folder) before any spec uses it.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'runner',
  globalSetup: '<rootDir>/../../packages/zoo/src/testing/global_setup.ts',
  testEnvironment: '<rootDir>/jest_environment.js',
};
