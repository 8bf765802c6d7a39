// The tiny zoo is built once (content-addressed in the temporary folder) before any spec uses it.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'runner',
  globalSetup: '<rootDir>/../../packages/zoo/src/testing/global_setup.ts',
  testEnvironment: '<rootDir>/jest_environment.js',
  // Every core, not jest's cores - 1: these specs spend much of their time waiting on child processes,
  // Slurm tasks and servers (on 2 cores: 411 s instead of 579 s for the runner's tests).
  maxWorkers: '100%',
};
