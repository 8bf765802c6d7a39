// A child process started from source runs this plain-JS entry; it registers tsx for the TypeScript host.
require('tsx/cjs');
require('./zoo_gpu_host.ts');
