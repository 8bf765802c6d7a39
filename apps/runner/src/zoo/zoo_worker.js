// Piscina loads this plain-JS entry; it registers tsx so the TypeScript task can be required.
require('tsx/cjs');
module.exports = require('./zoo_task.ts');
