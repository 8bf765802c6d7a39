import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

/**
 * `fpb <args>` from source in a process of its own, as a user runs it (for tests that kill or race
 * it), with everything it prints collected.
 */
export function spawnFpb(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcess; output: () => string } {
  const child = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(ROOT, 'apps/runner/src/main.ts'), ...args],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/** `fpb <args>` run to its end: its exit code and everything it printed. */
export function runFpb(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const { child, output } = spawnFpb(args);
    child.on('exit', (code) => resolve({ code, output: output() }));
  });
}
