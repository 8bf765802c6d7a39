import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fetchCifar10, loadCifar10, resolveDataDir } from '@fpb/data';

/**
 * Resident memory of one process holding CIFAR-10 for 1 and 2 worker threads, with the dataset in
 * SharedArrayBuffers (one copy for all threads) and, for contrast, in ordinary buffers (one copy per
 * thread, cloned on postMessage). A benchmark that prints figures, not a test.
 *   npx nx run bench:data [-- --data-dir DIR]
 */
/** A worker thread running a TypeScript file (tsx's require hook, registered inside the thread). */
const tsWorker = (file: string) => new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true });

const mb = (n: number) => (n / 2 ** 20).toFixed(0);

async function run(workers: number, shared: boolean, dataDir: string): Promise<string> {
  const data = loadCifar10(dataDir, { shared });
  global.gc?.();
  const base = process.memoryUsage().rss;
  const threads = Array.from({ length: workers }, () => tsWorker(join(__dirname, 'data_worker.ts')));
  const replies = await Promise.all(
    threads.map(
      (w) =>
        new Promise<{ shared: boolean; ownedArrayBuffers: number }>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
          w.postMessage(data.train);
        }),
    ),
  );
  global.gc?.();
  const rss = process.memoryUsage().rss;
  await Promise.all(threads.map((w) => w.terminate()));
  return (
    `workers=${workers} dataset=${shared ? 'shared' : 'copied'} images_mb=${mb(data.train.images.byteLength + data.test.images.byteLength)} ` +
    `rss_mb=${mb(rss)} rss_added_by_workers_mb=${mb(rss - base)} ` +
    `worker_owned_buffers_mb=${replies.map((r) => mb(r.ownedArrayBuffers)).join('+')} workers_saw_shared=${replies.every((r) => r.shared)}`
  );
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--data-dir');
  const dataDir = resolveDataDir(i >= 0 ? process.argv[i + 1] : undefined);
  const one = process.argv.indexOf('--case');
  if (one >= 0) {
    console.log(await run(Number(process.argv[one + 1]), process.argv[one + 2] === 'shared', dataDir));
    return;
  }
  if (i < 0 && !process.env.FPB_DATA_DIR) await fetchCifar10({ dataDir, log: (l) => console.log(l) });
  // Each case in a fresh process, so that one case's garbage does not count in the next.
  for (const shared of ['shared', 'copied']) {
    for (const workers of [1, 2]) {
      const out = execFileSync(
        process.execPath,
        ['--expose-gc', ...process.execArgv, __filename, '--case', String(workers), shared, '--data-dir', dataDir],
        { encoding: 'utf8' },
      );
      process.stdout.write(out);
    }
  }
}

main().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});
