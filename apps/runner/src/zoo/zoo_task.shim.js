// Piscina loads this plain-JS entry from source; it registers tsx so the TypeScript task can be required.
require('tsx/cjs');
module.exports = require('./zoo_task.ts');
