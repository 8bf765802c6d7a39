// The tiny zoo is built once (content-addressed in the temporary folder) before any spec uses it.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'zoo',
  globalSetup: '<rootDir>/src/testing/global_setup.ts',
};
