import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { copyOfTinyZoo } from '@fpb/zoo/src/testing/tiny_zoo';
import { readExperimentConfig } from '../experiments/experiment_config';
import { executorFor } from '../experiments/executor';
import { runExperiment } from '../experiments/run_experiment';
import { ExperimentCommand, parseRunOptions } from '../run_options';
import { spawnFpb } from '../testing/fpb_process';
import { fingerprintsToBuild } from '../fingerprints/run_fingerprints';
import { missingModelWaves } from '../zoo/run_zoo';
import { sbatchArguments, SbatchSettingsSchema } from './sbatch_settings';
import { requireSlurm } from './slurm_commands';
import { runSlurmStage } from './slurm_stage';

const ROOT = resolve(__dirname, '../../../..');
const smoke = readExperimentConfig(join(ROOT, 'experiments/smoke.json'));
const tiny = { scale: 'tiny', seed: 0, backend: 'wasm' as const, sets: ['table1' as const] };
const removeModels = (cacheDir: string, prefixes: string[]) =>
  readdirSync(cacheDir)
    .filter((name) => prefixes.some((p) => name.startsWith(p)))
    .forEach((name) => rmSync(join(cacheDir, name), { recursive: true }));

describe('sbatch options', () => {
  it('turn into one job array of N tasks, the config under the command line', () => {
    const config = {
      ...smoke,
      slurm: SbatchSettingsSchema.parse({ partition: 'gpu', time: '1:00:00', maxParallel: 4 }),
    };
    const executor = executorFor({ executor: 'slurm', time: '2:00:00', gpusPerTask: 1 }, config);
    expect(executor).toEqual({
      kind: 'slurm',
      sbatch: { partition: 'gpu', time: '2:00:00', gpusPerTask: 1, maxParallel: 4, cpusPerTask: 1, extraArgs: [] },
    });
    if (executor.kind !== 'slurm') throw new Error('unreachable');
    expect(sbatchArguments(executor.sbatch, { name: 'fpb-zoo-1', count: 13, logPattern: '/c/logs/%a.log' })).toEqual([
      '--parsable',
      '--job-name=fpb-zoo-1',
      '--array=0-12%4',
      '--output=/c/logs/%a.log',
      '--cpus-per-task=1',
      '--partition=gpu',
      '--gpus-per-task=1',
      '--time=2:00:00',
    ]);
    expect(executorFor({ executor: 'local', time: '5' }, config)).toEqual({ kind: 'local' });
  });

  it('are refused, naming the option, when they make no sense', () => {
    expect(() => executorFor({ executor: 'slurm', time: 'two hours' }, smoke)).toThrow(
      'smoke: sbatch options: time: a Slurm time such as 30, 2:00:00 or 1-00:00:00',
    );
    const experiment = (o: object) => () => parseRunOptions(ExperimentCommand, { executor: 'local', ...o });
    expect(experiment({ partition: 'gpu' })).toThrow(
      '--executor: --partition, --gpus-per-task and --time are sbatch options: add --executor slurm',
    );
    expect(experiment({ executor: 'slurm', cachedOnly: true })).toThrow(
      '--executor: slurm builds what is missing, --cached-only builds nothing: give one of them',
    );
  });

  it('need sbatch, squeue and scancel on PATH, said in one line', () => {
    expect(() => requireSlurm({ PATH: '/nonexistent' })).toThrow(
      "--executor slurm: sbatch, squeue, scancel not found on PATH: run on a Slurm login node (or install Debian's slurm-wlm), or use --executor local",
    );
  });
});

describe('missing models in waves', () => {
  it('put the victim first and what derives from it after; cached models in none', async () => {
    const cacheDir = await copyOfTinyZoo();
    removeModels(cacheDir, ['PM_FA_0-', 'EM_SA_L_0-']);
    // EM_Adv/0 is made from EM_SA_L/0: it waits for it.
    expect(await missingModelWaves({ ...tiny, cacheDir, log: () => undefined })).toEqual([
      ['PM_FA/0', 'EM_SA_L/0'],
      ['EM_Adv/0'],
    ]);
    removeModels(cacheDir, ['victim-']);
    // Then the victim alone, and after it every model made from it; homologous models and negative
    // helpers are trained independently and stay cached.
    expect(await missingModelWaves({ ...tiny, cacheDir, log: () => undefined })).toEqual([
      ['victim'],
      [
        'PM_P/0',
        'PM_FL/0',
        'PM_FA/0',
        'PM_Adv/0',
        'PM_MP/0',
        'PM_Q/0',
        'PM_Q/1',
        'PM_TL/0',
        'EM_SA_L/0',
        'EM_DA_L/0',
        'EM_SA_Pr/0',
        'EM_DA_Pr/0',
        'HELP_P_FA/0',
        'HELP_P_EM/0',
      ],
      ['EM_Adv/0'],
    ]);
  });
});

/** A one-node (or bigger) cluster answering here; CI starts one (tools/slurm/start_local_cluster.sh). */
function clusterState(): string | undefined {
  try {
    return execFileSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
const state = clusterState();
const up = state !== undefined && /idle|mixed|alloc/.test(state);
if (!up && process.env.FPB_REQUIRE_SLURM === '1')
  throw new Error('FPB_REQUIRE_SLURM=1 but no Slurm cluster answers sinfo: run tools/slurm/start_local_cluster.sh');
const describeOnSlurm = up ? describe : describe.skip;

/** The cells of a CSV line (a quoted cell may hold commas). */
function cells(line: string): string[] {
  const out = [''];
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) out.push('');
    else out[out.length - 1] += c;
  }
  return out;
}

/** A results folder's tables as CSV text, timing columns (build seconds) left out. */
function tablesOf(dir: string): Record<string, string> {
  const csv = readdirSync(dir).filter((n) => n.endsWith('.csv'));
  return Object.fromEntries(
    csv.map((name) => {
      const rows = readFileSync(join(dir, name), 'utf8').trim().split('\n').map(cells);
      const timing = rows[0].map((h, i) => (/(seconds|Build s)$/.test(h) ? i : -1)).filter((i) => i >= 0);
      return [name, rows.map((r) => r.filter((_, i) => !timing.includes(i)).join(',')).join('\n')];
    }),
  );
}

describeOnSlurm(`on a real Slurm cluster (${state})`, () => {
  const slurm = { kind: 'slurm' as const, sbatch: SbatchSettingsSchema.parse({}), pollMs: 1000 };

  it('runs the smoke experiment as job arrays, resumes after a cancel, writes the tables of a local run, and leaves nothing to submit', async () => {
    const local = await copyOfTinyZoo();
    const localOut = join(mkdtempSync(join(tmpdir(), 'fpb-local-')), 'smoke');
    await runExperiment({
      config: smoke,
      backend: 'wasm',
      workers: 2,
      cacheDir: local,
      resultsDir: localOut,
      log: () => undefined,
    });

    const cacheDir = await copyOfTinyZoo();
    removeModels(cacheDir, ['PM_FA_0-', 'EM_SA_L_0-']);
    const out = join(mkdtempSync(join(tmpdir(), 'fpb-slurm-')), 'smoke');
    const args = [
      'experiment',
      join(ROOT, 'experiments/smoke.json'),
      '--backend',
      'wasm',
      '--cache-dir',
      cacheDir,
      '--results-dir',
      out,
    ];
    // Cancelled as soon as its first job array is submitted: the job leaves the queue, nothing is lost.
    const first = spawnFpb([...args, '--executor', 'slurm']);
    const jobId = await new Promise<string>((found) => {
      const poll = setInterval(() => {
        const m = /slurm job (\d+) \(zoo-1\): 2 tasks/.exec(first.output());
        if (!m) return;
        clearInterval(poll);
        found(m[1]);
      }, 200);
    });
    first.child.kill('SIGINT');
    const [code] = await new Promise<[number | null]>((r) => first.child.on('exit', (c) => r([c])));
    expect(code).toBe(1);
    expect(first.output()).toContain(
      `interrupted: cancelled slurm job ${jobId}; finished models and fingerprints are in the cache`,
    );
    // Cancelled tasks pass through COMPLETING before they leave the queue: wait up to 30 s for that.
    const queued = () => execFileSync('squeue', ['-h', '-r', '-j', jobId, '-o', '%K'], { encoding: 'utf8' }).trim();
    for (let waited = 0; queued() !== '' && waited < 30_000; waited += 500)
      await new Promise((r) => setTimeout(r, 500));
    expect(queued()).toBe('');

    /** The smoke experiment through Slurm on this cache; what it logged. */
    const throughSlurm = async () => {
      const lines: string[] = [];
      await runExperiment({
        config: smoke,
        backend: 'wasm',
        cacheDir,
        resultsDir: out,
        executor: slurm,
        log: (l) => lines.push(l),
      });
      return lines;
    };
    const lines = await throughSlurm();
    expect(lines).toContainEqual(
      expect.stringMatching(/^slurm job \d+ \(zoo-1\): 2\/2 done, 0 failed, 0 running, 0 waiting$/),
    );
    const n = smoke.methods.length; // every registered method
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^slurm job \\d+ \\(fingerprints\\): ${n}/${n} done, 0 failed`)),
    );
    expect(tablesOf(out)).toEqual(tablesOf(localOut));

    // Everything is cached now: what a third run would submit is nothing.
    const settings = { ...tiny, cacheDir, log: () => undefined };
    expect(await missingModelWaves(settings)).toEqual([]);
    expect(await fingerprintsToBuild({ ...settings, methods: smoke.methods })).toEqual([]);
  }, 900_000);

  it('names each failed task and its log', async () => {
    const cacheDir = await copyOfTinyZoo();
    const jobsDir = join(cacheDir, 'slurm');
    const run = runSlurmStage(
      {
        name: 'broken',
        tasks: [
          { kind: 'model', id: 'PM_FA/0' },
          { kind: 'model', id: 'NOPE/7' },
        ],
      },
      {
        jobsDir,
        settings: { ...tiny, cacheDir },
        sbatch: SbatchSettingsSchema.parse({}),
        log: () => undefined,
        pollMs: 500,
      },
    );
    await expect(run).rejects.toThrow(
      /^slurm job \d+ \(broken\): 1 of 2 tasks failed: NOPE\/7: no model 'NOPE\/7' in the tiny zoo of sets table1 \(log \/.*\/logs\/1\.log\); finished work is in the cache/,
    );
    const [stage] = readdirSync(jobsDir);
    expect(readFileSync(join(jobsDir, stage, 'logs', '1.log'), 'utf8')).toContain("no model 'NOPE/7'");
    expect(existsSync(join(jobsDir, stage, 'status', '0.json'))).toBe(true);
  }, 300_000);
});
