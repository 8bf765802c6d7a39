#!/usr/bin/env tsx
import { Command, InvalidArgumentError } from 'commander';
import { METHODS } from '@fpb/fingerprints';
import { ARCHITECTURES } from '@fpb/models';
import { trainVictim } from './train_victim';
import { readExperimentConfig } from './experiments/experiment_config';
import { executorFor } from './experiments/executor';
import { runExperiment } from './experiments/run_experiment';
import { runClusterTask } from './slurm/cluster_task';
import { requireSlurm } from './slurm/slurm_commands';
import { runFingerprints } from './fingerprints/run_fingerprints';
import { runZoo } from './zoo/run_zoo';
import { DEFAULT_WORKERS_PER_GPU } from './zoo/worker_placement';
import { dataCommand } from './data_command';
import { exportFingerprint } from './audit/export_fingerprint';
import { verifySuspect } from './audit/verify_suspect';
import { importModel } from './audit/import_model';
import { exportOnnx } from './audit/export_onnx';
import {
  ExperimentCommand,
  ExportCommand,
  ImportCommand,
  TaskCommand,
  FingerprintFileCommand,
  FingerprintsCommand,
  parseRunOptions,
  TrainVictimCommand,
  VerifyCommand,
  ZooCommand,
} from './run_options';

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got '${v}'`);
  return n;
};

const device = (v: string) => {
  if (v !== 'cpu' && v !== 'cuda') throw new InvalidArgumentError(`--device must be cpu or cuda, got '${v}'`);
  return v;
};

const log = (l: string) => console.log(l);

/** The backend and the torch engine's options: every command that runs a model takes them. */
function engineOptions(command: Command): Command {
  return command
    .option(
      '--device <cpu|cuda>',
      'where the torch backend runs (default: FPB_DEVICE, else cuda when libtorch sees a GPU)',
      device,
    )
    .option(
      '--torch-threads <n>',
      'libtorch threads per worker (default: FPB_TORCH_THREADS, else 1: one worker per core)',
      int('--torch-threads'),
    )
    .option('--backend <name>', 'auto | torch | tensorflow | webgpu | wasm | cpu (default: FPB_BACKEND, else auto)');
}

/** The engine and the data every command that builds or scores the zoo reads. */
function backendOptions(command: Command): Command {
  return engineOptions(command)
    .option(
      '--data-dir <dir>',
      'folder with the CIFAR-10 binary files (default: FPB_DATA_DIR, else the per-user cache)',
    )
    .option(
      '--partial-data',
      'use CIFAR files that are not the official ones (cut short, other bytes), with a warning',
    );
}

/** For commands that train models. */
const microBatchOption = (command: Command) =>
  command.option(
    '--no-micro-batches',
    "stop instead of splitting a batch that does not fit the backend's memory into micro-batches",
  );

/** A command run at one scale and seed. */
function scaledCommand(program: Command, name: string, description: string): Command {
  return backendOptions(program.command(name))
    .description(description)
    .option('--scale <name>', 'tiny | mini | paper', 'mini')
    .option('--seed <n>', 'seed of the split, initial weights and batches', int('--seed'), 0);
}

/** A victim made elsewhere, in place of the scale's own. */
const victimOption = (command: Command) =>
  command.option(
    '--victim <import>',
    "a folder made by fpb import --architecture: the zoo's piracy models derive from it and its fingerprints are built from it (results go to <scale>-victim-<name>)",
  );

const cacheOption = (command: Command, what: string) =>
  command.option(
    '--cache-dir <dir>',
    `${what} (default: FPB_CACHE_DIR/zoo/<scale>, else ~/.cache/fingerprint-bench/zoo/<scale>)`,
  );

/** How the zoo's models are spread over worker threads, or over GPUs. */
const workerOptions = (command: Command) =>
  command
    .option('--workers <n>', 'worker threads for the zoo (default: one per CPU core)', int('--workers'))
    .option(
      '--gpus <n>',
      "spread the zoo's workers over N GPUs: one process per GPU (CUDA_VISIBLE_DEVICES=i) when N > 1",
      int('--gpus'),
    )
    .option(
      '--workers-per-gpu <k>',
      `zoo worker threads per GPU (default ${DEFAULT_WORKERS_PER_GPU}); with --gpus, instead of --workers`,
      int('--workers-per-gpu'),
    );

function trainVictimCommand(program: Command): void {
  const command = scaledCommand(
    program,
    'train-victim',
    'train the victim model of a scale on its share X_v of the DeepCore split, report and save its test accuracy',
  ).option('--epochs <n>', "override the scale's epoch count", int('--epochs'));
  cacheOption(microBatchOption(command), 'the zoo cache the victim is saved in')
    .option('--no-progress', 'no progress bar')
    .action(async (opts) => {
      const o = parseRunOptions(TrainVictimCommand, opts);
      await trainVictim({ ...o, progress: o.progress && process.stderr.isTTY, log });
    });
}

function zooCommand(program: Command): void {
  const command = scaledCommand(
    program,
    'zoo',
    "build the scale's model zoo (DeepCore Table I families) on a pool of workers, resuming from the cache, then write Table I",
  );
  cacheOption(victimOption(microBatchOption(workerOptions(command))), 'where models are kept')
    .option('--results-dir <dir>', 'where Table I is written (default: results/zoo/<scale>)')
    .option(
      '--sets <list>',
      'comma-separated zoo sets: table1 (DeepCore Table I), overlap (homologous overlap sweep r = 0.0..1.0), fingerbench (pruning/noising/adversarial sweeps, knockoff, mirror negatives)',
      'table1',
    )
    .option(
      '--models <ids>',
      'comma-separated model ids to build, e.g. PM_FA/0,EM_SA_L/3 (and whatever they derive from, if missing); default: every missing model',
    )
    .option('--report-only', 'write Table I from the cached models; build nothing')
    .action(async (opts) => {
      const r = await runZoo({ ...parseRunOptions(ZooCommand, opts), log });
      if (r.interrupted) process.exitCode = 130;
      else if (r.failed.length > 0) process.exitCode = 1;
    });
}

function fingerprintsCommand(program: Command): void {
  const command = scaledCommand(
    program,
    'fingerprints',
    "build every method's fingerprint of the victim, query the zoo's suspects, and write Table IV (MIR, FIR, AUC, ARUC, queries, build time) and Table V (clustering)",
  ).option('--methods <list>', `comma-separated method ids (default: all): ${METHODS.map((m) => m.id).join(', ')}`);
  cacheOption(victimOption(command), 'the zoo cache; fingerprints are kept in its fingerprints/ folder')
    .option('--results-dir <dir>', 'where the tables are written (default: results/fingerprints/<scale>)')
    .action(async (opts) => {
      await runFingerprints({ ...parseRunOptions(FingerprintsCommand, opts), log });
    });
}

function experimentCommand(program: Command): void {
  const command = backendOptions(program.command('experiment <configs...>'))
    .description(
      'run experiments from their configs (experiments/<name>.json), one after another: zoo, fingerprints, identification, tables, figures, index.html and run.json under results/<name>/',
    )
    .option('--scale <name>', "tiny | mini | paper (default: the config's)");
  cacheOption(microBatchOption(workerOptions(command)), 'the zoo cache')
    .option('--results-dir <dir>', 'where tables go (default: results/<experiment name>; only with one config)')
    .option('--cached-only', 'rebuild tables and figures from the cache only: train and build nothing')
    .option(
      '--executor <where>',
      'local (this machine) or slurm (each missing model and fingerprint a task of a job array; the cache must be on a shared filesystem)',
      'local',
    )
    .option('--partition <name>', 'with --executor slurm: the partition to submit to')
    .option(
      '--gpus-per-task <n>',
      'with --executor slurm: GPUs per task (use with --device cuda)',
      int('--gpus-per-task'),
    )
    .option('--time <limit>', 'with --executor slurm: wall-clock limit per task, e.g. 2:00:00')
    .action(async (configPaths: string[], opts) => {
      const o = parseRunOptions(ExperimentCommand, opts);
      if (o.resultsDir && configPaths.length > 1)
        throw new Error('--results-dir names one folder: give one config with it');
      if (o.executor === 'slurm') requireSlurm();
      // Read every config first, so a mistake in the last one stops the run before any work.
      const configs = configPaths.map(readExperimentConfig);
      const executors = configs.map((config) => executorFor(o, config));
      for (const [k, config] of configs.entries()) await runExperiment({ ...o, config, executor: executors[k], log });
    });
}

function taskCommand(program: Command): void {
  program
    .command('task <file>')
    .description(
      'run one task of a task file written by --executor slurm (a model or a fingerprint); the job array runs it, not you',
    )
    .option('--index <i>', 'which task (default: SLURM_ARRAY_TASK_ID)', int('--index'))
    .action(async (file: string, opts) => {
      const { index } = parseRunOptions(TaskCommand, opts);
      const i = index ?? Number(process.env.SLURM_ARRAY_TASK_ID);
      if (!Number.isInteger(i)) throw new Error('no task index: give --index or run it in a Slurm job array');
      await runClusterTask(file, i, log);
    });
}

function fingerprintFileCommand(program: Command): void {
  const command = scaledCommand(
    program,
    'fingerprint',
    "build one method's fingerprint of the zoo's victim, calibrate its threshold on the zoo's calibration suspects, and write both to one portable file for fpb verify",
  )
    .requiredOption('--method <id>', `the method: ${METHODS.map((m) => m.id).join(', ')}`)
    .requiredOption('--out <file>', 'the portable fingerprint file to write')
    .option(
      '--identification <row>',
      "whose threshold to carry, e.g. 'DeepCore (Cos_dist)' (default: the method's own row)",
    );
  cacheOption(victimOption(command), 'the zoo cache')
    .option('--results-dir <dir>', 'where the calibration Table IV goes (default: <out>-calibration/ beside the file)')
    .action(async (opts) => {
      await exportFingerprint({ ...parseRunOptions(FingerprintFileCommand, opts), log });
    });
}

function verifyCommand(program: Command): void {
  engineOptions(program.command('verify <fingerprint>'))
    .description(
      'judge one suspect with a portable fingerprint: prints the score, the threshold, the verdict and its calibration; exits 0 (independent), 1 (copy) or 2 (error)',
    )
    .requiredOption(
      '--suspect <model>',
      'a saved model folder, or an http(s) URL that answers POSTed images (see README)',
    )
    // Usage mistakes are errors too: exit 2, so that 1 always means "copy".
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
    .action(async (fingerprint: string, opts) => {
      try {
        const o = parseRunOptions(VerifyCommand, opts);
        process.exitCode = (await verifySuspect({ ...o, fingerprint, log })).copy ? 1 : 0;
      } catch (e) {
        console.error(`error: ${(e as Error).message}`);
        process.exitCode = 2;
      }
    });
}

function importCommand(program: Command): void {
  engineOptions(program.command('import <file>'))
    .description(
      'check a model made elsewhere (ONNX, or TorchScript .pt: one input of 32x32 RGB images) and copy it, checksummed, into the imports folder; --architecture also reads its weights into one of ours, so that it can be a victim. The folder then goes to fpb verify --suspect, fpb zoo --victim, fpb fingerprint --victim',
    )
    .requiredOption('--name <name>', 'the folder name it is kept under')
    .option('--classes <n>', "the classes it must answer (the victim's)", int('--classes'), 10)
    .option(
      '--architecture <name>',
      `also read its weights into one of ours (${ARCHITECTURES.map((a) => a.name).join(', ')}), checked against its own runtime; a .pt state dict needs it`,
    )
    .option('--width <w>', "the architecture's width (default: its first convolution's channels)", int('--width'))
    .option(
      '--padding <same|symmetric>',
      "how its strided convolutions pad: TensorFlow's same or PyTorch's symmetric (default: what the file shows, else the one that matches its runtime, else symmetric)",
    )
    .option(
      '--imports-dir <dir>',
      'where imports are kept (default: FPB_CACHE_DIR/imports, else ~/.cache/fingerprint-bench/imports)',
    )
    .action(async (file: string, opts) => {
      await importModel({ ...parseRunOptions(ImportCommand, opts), file, log });
    });
}

function exportCommand(program: Command): void {
  engineOptions(program.command('export <model>'))
    .description(
      'write a saved model (a zoo model folder) as ONNX (NHWC input "image", output "logits") and check onnxruntime gives its logits',
    )
    .requiredOption('--out <file>', 'the .onnx file to write')
    .action(async (model: string, opts) => {
      await exportOnnx({ ...parseRunOptions(ExportCommand, opts), model, log });
    });
}

export function buildCli(): Command {
  const program = new Command('fpb')
    .description('fingerprint-bench: DNN fingerprinting experiments')
    .showHelpAfterError()
    // Worker threads and GPU processes inherit the environment: the torch options travel in it.
    .hook('preAction', (_program, action) => {
      const o = action.opts<{ device?: string; torchThreads?: number }>();
      if (o.device) process.env.FPB_DEVICE = o.device;
      if (o.torchThreads !== undefined) process.env.FPB_TORCH_THREADS = String(o.torchThreads);
    });
  trainVictimCommand(program);
  zooCommand(program);
  fingerprintsCommand(program);
  experimentCommand(program);
  taskCommand(program);
  fingerprintFileCommand(program);
  verifyCommand(program);
  importCommand(program);
  exportCommand(program);
  program.addCommand(dataCommand('data'));
  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((e: Error) => {
      console.error(`error: ${e.message}`);
      process.exit(1);
    });
}
