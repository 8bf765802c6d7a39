module.exports = { ...require('../../jest.preset.js'), displayName: 'repo-checks' };
