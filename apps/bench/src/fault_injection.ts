/**
 * Fault injection: runs `fpb` against each failure a careful user or a broken machine can cause, at
 * tiny scale in private folders, and prints a table of case / expected / observed / ok. Nothing here
 * touches your own caches. About three minutes on 2 cores.
 *
 *   npx nx run bench:faults
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from '@fpb/data';
import { writeCifar10Fixture } from '@fpb/data/src/testing/cifar10_fixture';
import { copyOfTinyZoo } from '@fpb/zoo/src/testing/tiny_zoo';

const root = resolve(__dirname, '../../..');
const fresh = (name: string) => mkdtempSync(join(tmpdir(), `fpb-fault-${name}-`));
const fpbArgs = (args: string[]) => [
  '--require',
  require.resolve('tsx/cjs'),
  join(root, 'apps/runner/src/main.ts'),
  ...args,
];

/** Runs `fpb` to the end: exit code and everything it printed. */
function fpb(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, fpbArgs(args), { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Runs `fpb` in the background; resolves with its code and output once it exits. */
function fpbAsync(args: string[], onStart?: (child: ReturnType<typeof spawn>, out: () => string) => void) {
  return new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn(process.execPath, fpbArgs(args), { cwd: root });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    onStart?.(child, () => out);
    child.on('exit', (code) => done({ code, out }));
  });
}

const firstLine = (out: string, re: RegExp) => out.split('\n').find((l) => re.test(l)) ?? '(no such line)';
const tiny = ['--scale', 'tiny', '--backend', 'wasm'];

interface Case {
  name: string;
  expected: string;
  run(): Promise<{ observed: string; ok: boolean }>;
}

const CASES: Case[] = [
  {
    name: 'cache folder is a file',
    expected: 'exit 1 at once, one line naming the folder',
    async run() {
      const file = join(fresh('file'), 'f');
      writeFileSync(file, '');
      const r = fpb('zoo', ...tiny, '--cache-dir', file);
      return { observed: `exit ${r.code}: ${r.out.trim()}`, ok: r.code === 1 && r.out.trim().split('\n').length === 1 };
    },
  },
  {
    name: 'results folder under a file',
    expected: 'exit 1 at once, naming the file in the way',
    async run() {
      const dir = fresh('res');
      writeFileSync(join(dir, 'f'), '');
      const r = fpb('zoo', ...tiny, '--cache-dir', join(dir, 'c'), '--results-dir', join(dir, 'f', 'out'));
      return { observed: `exit ${r.code}: ${r.out.trim()}`, ok: r.code === 1 && /is a file/.test(r.out) };
    },
  },
  {
    name: 'two runs on one cache',
    expected: 'each model built once; the other run waits and reuses; no .tmp/.old left',
    async run() {
      const cache = join(fresh('two'), 'cache');
      const args = ['zoo', ...tiny, '--workers', '1', '--models', 'PM_FL/0', '--cache-dir', cache];
      const [a, b] = await Promise.all([fpbAsync(args), fpbAsync(args)]);
      const built = `${a.out}${b.out}`.match(/ built in /g)?.length ?? 0;
      const left = readdirSync(cache).filter((n) => /\.tmp\.|\.old$/.test(n));
      return {
        observed: `${built} builds for 2 models, ${left.length} temporaries left`,
        ok: built === 2 && left.length === 0,
      };
    },
  },
  {
    name: 'CIFAR-10 file cut short',
    expected: 'refused, naming the file, its record count and the fix',
    async run() {
      const data = writeCifar10Fixture(join(fresh('cut'), 'cifar-10-batches-bin'));
      const r = fpb('train-victim', '--scale', 'mini', '--data-dir', data, '--cache-dir', join(fresh('c'), 'c'));
      return {
        observed: firstLine(r.out, /error/),
        ok: r.code === 1 && /has \d+ records, the official file 10000/.test(r.out),
      };
    },
  },
  {
    name: 'CIFAR-10 bytes damaged (official size)',
    expected: 'refused: the SHA-256 check fails',
    async run() {
      const data = join(fresh('sha'), 'cifar-10-batches-bin');
      mkdirSync(data);
      for (const f of [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES])
        writeFileSync(join(data, f), Buffer.alloc(10_000 * 3073));
      const r = fpb('train-victim', '--scale', 'mini', '--data-dir', data, '--cache-dir', join(fresh('c'), 'c'));
      return { observed: firstLine(r.out, /error/), ok: r.code === 1 && /SHA-256 check/.test(r.out) };
    },
  },
  {
    name: '--gpus 2 on a CPU backend',
    expected: 'one warning line; processes, not GPUs, in the model lines',
    async run() {
      const r = fpb(
        'zoo',
        ...tiny,
        '--gpus',
        '2',
        '--workers-per-gpu',
        '1',
        '--models',
        'victim',
        '--cache-dir',
        join(fresh('g'), 'c'),
      );
      return {
        observed: firstLine(r.out, /--gpus/),
        ok: r.code === 0 && /no GPU is used/.test(r.out) && !/on GPU/.test(r.out),
      };
    },
  },
  {
    name: 'explicit backend that cannot start',
    expected: 'exit 1 before any model, one line',
    async run() {
      const r = fpb('zoo', '--scale', 'tiny', '--backend', 'tensorflow', '--cache-dir', join(fresh('b'), 'c'));
      return { observed: firstLine(r.out, /error/), ok: r.code === 1 && !/ built in /.test(r.out) };
    },
  },
  {
    name: 'altered verdict file',
    expected: 'warning naming the file; the suspect is queried again',
    async run() {
      const cache = await copyOfTinyZoo();
      const out = fresh('v');
      fpb('fingerprints', ...tiny, '--methods', 'ipguard', '--cache-dir', cache, '--results-dir', out);
      const fp = readdirSync(join(cache, 'fingerprints'))[0];
      const dir = join(cache, 'fingerprints', fp, 'verdicts');
      const file = join(dir, readdirSync(dir)[0]);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"score":[-0-9.e]+/, '"score":0.99'));
      const r = fpb('fingerprints', ...tiny, '--methods', 'ipguard', '--cache-dir', cache, '--results-dir', out);
      return { observed: firstLine(r.out, /SHA-256/), ok: /fails its SHA-256 check: querying/.test(r.out) };
    },
  },
  {
    name: 'Ctrl-C while fingerprinting',
    expected: 'exit 130, saying what is kept',
    async run() {
      const cache = await copyOfTinyZoo();
      const r = await fpbAsync(
        ['fingerprints', ...tiny, '--cache-dir', cache, '--results-dir', fresh('i')],
        (child, out) => {
          const poll = setInterval(() => {
            if (/fingerprints tiny: /.test(out())) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 50);
        },
      );
      return {
        observed: `exit ${r.code}: ${firstLine(r.out, /interrupted/)}`,
        ok: r.code === 130 && /are kept in/.test(r.out),
      };
    },
  },
  {
    name: '--cached-only with a damaged model',
    expected: 'says which model is damaged and that nothing is built',
    async run() {
      const cache = await copyOfTinyZoo();
      const pm = readdirSync(cache).find((d) => d.startsWith('PM_FA_0-'))!;
      truncateSync(join(cache, pm, 'weights.bin'), 10);
      const r = fpb('zoo', ...tiny, '--report-only', '--cache-dir', cache, '--results-dir', fresh('o'));
      return { observed: firstLine(r.out, /PM_FA\/0/), ok: /not built under --cached-only/.test(r.out) };
    },
  },
  {
    name: 'temporaries of a killed run',
    expected: 'removed at the next start',
    async run() {
      const cache = await copyOfTinyZoo();
      mkdirSync(join(cache, '.victim-0.tmp.999999.dead'));
      const r = fpb('zoo', ...tiny, '--report-only', '--cache-dir', cache, '--results-dir', fresh('t'));
      return { observed: firstLine(r.out, /removed/), ok: !readdirSync(cache).some((n) => n.includes('.tmp.')) };
    },
  },
  {
    name: 'data verify finds a bad file',
    expected: 'exit 1; the fix names the data folder',
    async run() {
      const data = writeCifar10Fixture(join(fresh('verify'), 'cifar-10-batches-bin'));
      const r = fpb('data', 'verify', '--data-dir', data);
      return {
        observed: firstLine(r.out, /fetch them again/),
        ok: r.code === 1 && r.out.includes(`--data-dir ${data}`),
      };
    },
  },
];

async function main(): Promise<void> {
  const rows: string[][] = [];
  for (const c of CASES) {
    const started = Date.now();
    const { observed, ok } = await c.run().catch((e: Error) => ({ observed: `threw: ${e.message}`, ok: false }));
    rows.push([
      c.name,
      c.expected,
      observed.replace(/\|/g, '/'),
      ok ? 'ok' : 'FAIL',
      `${((Date.now() - started) / 1000).toFixed(0)} s`,
    ]);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.name}: ${observed}`);
  }
  console.log('\n| case | expected | observed | result | time |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  const failed = rows.filter((r) => r[3] !== 'ok').length;
  console.log(`\n${rows.length - failed} of ${rows.length} cases behave as expected`);
  if (failed > 0) process.exitCode = 1;
}

void main();
