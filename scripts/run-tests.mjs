#!/usr/bin/env node
// Runs every project's lint, typecheck and tests through nx, streams nx's output, and ends with one line
// counting the tests that really ran (e.g. "tests: 312 passed, 0 failed, 1 skipped"); tests whose old
// output nx replayed from its cache are counted apart, so a run that executed nothing is visible.
// `--uncached` skips nx's cache, so every target really runs (CI uses it).
import { spawn } from 'node:child_process';

const uncached = process.argv.includes('--uncached');
const args = ['nx', 'run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=1', '--outputStyle=stream'];
if (uncached) args.push('--skip-nx-cache');

const ran = { passed: 0, failed: 0, skipped: 0 };
const replayedTargets = [];
let replayedTests = 0;
let replaying = false;
let pending = '';
// eslint-disable-next-line no-control-regex -- terminal colour codes are what is being removed
const COLOUR = /\x1b\[[0-9;]*m/g;

function scan(line) {
  const plain = line.replace(COLOUR, '');
  const target = /> nx run (\S+)(.*)$/.exec(plain);
  if (target) {
    // nx prints a replayed target's old output under a header that says so.
    replaying = /existing outputs match the cache|\[(local|remote) cache\]/.test(target[2]);
    if (replaying) replayedTargets.push(target[1]);
  }
  const tests = /Tests:\s+(.*)\s+total/.exec(plain);
  if (!tests) return;
  for (const [, n, kind] of tests[1].matchAll(/(\d+) (passed|failed|skipped)/g)) {
    if (replaying) replayedTests += Number(n);
    else ran[kind] += Number(n);
  }
}

const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk.toString()).split('\n');
  pending = lines.pop() ?? '';
  lines.forEach(scan);
});
child.on('close', (code) => {
  scan(pending);
  if (replayedTargets.length > 0) {
    console.log(`replayed from the nx cache, not run (${replayedTests} tests): ${replayedTargets.join(', ')}`);
  }
  console.log(`tests: ${ran.passed} passed, ${ran.failed} failed, ${ran.skipped} skipped`);
  if (code === 0 && ran.passed + replayedTests === 0) {
    console.log('no test ran: failing the run');
    process.exit(1);
  }
  process.exit(code ?? 1);
});
