import { build } from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { create as createTar } from 'tar';
import { Command } from 'commander';

/**
 * Packs what a bare machine (node on PATH, nothing else) needs to run the runner and the training
 * benchmark: each entry bundled into one CommonJS file, plus the few packages that cannot be bundled
 * (tfjs, which the backend loads by name and which must exist once; piscina, which starts its own
 * worker file; Dawn's native addon) pruned to what Node loads. Everything goes into one
 * compressed archive and a run.sh that unpacks it once and starts an entry.
 */
const ROOT = resolve(__dirname, '../../../..');

/** Entry name -> source; `run.sh <name> args...` starts it. */
const ENTRIES: Record<string, string> = {
  fpb: 'apps/runner/src/main.ts',
  zoo_task: 'apps/runner/src/zoo/zoo_task.ts', // the zoo's Piscina worker, found beside fpb.cjs
  zoo_gpu_host: 'apps/runner/src/zoo/zoo_gpu_host.ts', // one GPU's process under --gpus N > 1
  'bench-training': 'apps/bench/src/training_bench.ts',
  // Compiles the torch addon there against that machine's libtorch (LIBTORCH), with its sources beside.
  'torch-build': 'packages/torch/build_addon.ts',
};

/**
 * Packages the packed app leaves out: onnxruntime-node (ONNX import, export and suspects) is ~300 MB
 * of binaries for every platform, and the packed fpb says so in one line when an ONNX model is used;
 * tsx runs the source tree's Slurm tasks, while the packed app's tasks run its fpb.cjs.
 */
const NOT_CARRIED = ['onnxruntime-node', 'tsx'];

/** Folders copied as they are, found beside the bundles: the addon's C++ sources for torch-build, PyTorch's reference for bench-training. */
const SOURCE_FOLDERS: Record<string, string> = { 'torch-native': 'packages/torch/native', python: 'apps/bench/python' };

/** Packages kept as files, with the paths inside each that Node reads at run time ([from, to] to move one). */
const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
const RUNTIME_FILES: Record<string, Array<string | [string, string]>> = {
  '@tensorflow/tfjs-core': ['package.json', 'dist/tf-core.node.js'],
  '@tensorflow/tfjs-layers': ['package.json', 'dist/tf-layers.node.js'],
  '@tensorflow/tfjs-backend-cpu': ['package.json', 'dist/tf-backend-cpu.node.js'],
  // The node build looks for its binaries beside itself.
  '@tensorflow/tfjs-backend-wasm': [
    'package.json',
    'dist/tf-backend-wasm.node.js',
    ...WASM_BINARIES.map((f): [string, string] => [`wasm-out/${f}`, `dist/${f}`]),
  ],
  '@tensorflow/tfjs-backend-webgpu': ['package.json', 'dist/tf-backend-webgpu.node.js'],
  seedrandom: ['package.json', 'index.js', 'seedrandom.js', 'lib'],
  piscina: ['package.json', 'dist'],
  webgpu: ['package.json', 'index.js', `dist/linux-x64/dawn.node`],
  // Headers only: torch-build compiles against them.
  'node-addon-api': ['package.json', 'napi.h', 'napi-inl.h', 'napi-inl.deprecated.h'],
};

const RUN_SH = `#!/bin/sh
# Usage: run.sh <entry> [args...]  entries: ${Object.keys(ENTRIES)
  .filter((e) => !e.startsWith('zoo_'))
  .join(', ')}
# Unpacks app.tgz once into FPB_APP_DIR (default /tmp/fpb-app), then runs the entry with node.
set -e
here=$(cd "$(dirname "$0")" && pwd)
app=\${FPB_APP_DIR:-/tmp/fpb-app}
if ! cmp -s "$here/stamp" "$app/stamp" 2>/dev/null; then
  rm -rf "$app" && mkdir -p "$app" && tar xzf "$here/app.tgz" -C "$app" && cp "$here/stamp" "$app/stamp"
fi
entry=$1; shift
[ -f "$app/$entry.cjs" ] || { echo "run.sh: unknown entry '$entry' (have: $(cd "$app" && ls *.cjs | sed 's/.cjs//' | tr '\\n' ' '))" >&2; exit 2; }
exec node "$app/$entry.cjs" "$@"
`;

export interface PackResult {
  outDir: string;
  archiveBytes: number;
}

/** Builds the app into `outDir` (replaced whole only once the new one is complete). */
export async function packApp(outDir: string, log: (l: string) => void = () => undefined): Promise<PackResult> {
  const staging = mkdtempSync(join(tmpdir(), 'fpb-pack-'));
  try {
    const app = join(staging, 'app');
    await build({
      absWorkingDir: ROOT,
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, src]) => [name, join(ROOT, src)])),
      outdir: app,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: [...Object.keys(RUNTIME_FILES), ...NOT_CARRIED],
      // vega-canvas's node build awaits an optional `canvas` import at top level (not bundleable as
      // CommonJS); without `canvas` installed it behaves as its browser build, so use that.
      alias: { 'vega-canvas': './node_modules/vega-canvas/build/vega-canvas.browser.js' },
      logLevel: 'warning',
    });
    for (const [pkg, paths] of Object.entries(RUNTIME_FILES)) {
      const from = join(ROOT, 'node_modules', pkg); // workspaces hoist every runtime package here
      for (const p of paths) {
        const [src, dst] = typeof p === 'string' ? [p, p] : p;
        if (!existsSync(join(from, src)))
          throw new Error(`pack: ${pkg} has no ${src}; was it upgraded? update RUNTIME_FILES in ${__filename}`);
        cpSync(join(from, src), join(app, 'node_modules', pkg, dst), {
          recursive: true,
          filter: (f) => !f.endsWith('.map') && !f.endsWith('.d.ts'),
        });
      }
    }
    for (const [to, from] of Object.entries(SOURCE_FOLDERS))
      cpSync(join(ROOT, from), join(app, to), { recursive: true });
    const bundle = join(staging, 'bundle');
    mkdirSync(bundle);
    await createTar({ gzip: { level: 9 }, file: join(bundle, 'app.tgz'), cwd: app, portable: true }, ['.']);
    writeFileSync(join(bundle, 'run.sh'), RUN_SH);
    chmodSync(join(bundle, 'run.sh'), 0o755);
    // The stamp tells run.sh whether the unpacked copy is this archive's.
    writeFileSync(join(bundle, 'stamp'), `${Date.now()} ${statSync(join(bundle, 'app.tgz')).size}\n`);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(dirname(resolve(outDir)), { recursive: true });
    cpSync(bundle, outDir, { recursive: true });
    const archiveBytes = statSync(join(outDir, 'app.tgz')).size;
    log(
      `packed ${Object.keys(ENTRIES).join(', ')} and ${Object.keys(RUNTIME_FILES).length} runtime packages into ${outDir}: app.tgz ${(archiveBytes / 2 ** 20).toFixed(1)} MiB`,
    );
    return { outDir, archiveBytes };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const opts = new Command('pack')
    .description('pack the runner and the training benchmark for a bare machine with node (see docs/gpu.md)')
    .option('--out <dir>', 'output folder', '.gpu-app')
    .parse()
    .opts<{ out: string }>();
  packApp(resolve(opts.out), (l) => console.log(l)).catch((e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  });
}
