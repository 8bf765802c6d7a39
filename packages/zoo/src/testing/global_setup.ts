// jest globalSetup: build the tiny zoo once before any spec asks for it. In a child process: tfjs keeps
// its engine on the global object, and one made here would clash with the tests' own module instances.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function globalSetup(): void {
  execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'build_tiny_zoo.ts')], {
    stdio: 'inherit',
  });
}
