// `npx nx run torch:build`: compiles the torch backend's addon against the libtorch found (LIBTORCH, else
// Debian's libtorch-dev) and Node's own headers. Without libtorch it says so in one line and succeeds:
// nothing in the project requires libtorch.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  ADDON_DIR,
  ADDON_PATH,
  BUILD_INFO_PATH,
  NATIVE_SOURCES_DIR,
  readBuildInfo,
  type AddonBuildInfo,
} from './src/addon_build_info';
import { cxxStandard, findLibtorch, LibtorchNotFoundError, type LibtorchLocation } from './src/libtorch_location';

const run = promisify(execFile);
const CXX = process.env.CXX ?? 'g++';

function sourcesSha256(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(NATIVE_SOURCES_DIR).sort())
    hash.update(name).update(readFileSync(join(NATIVE_SOURCES_DIR, name)));
  return hash.digest('hex');
}

function nodeHeaders(): string {
  const dir = join(dirname(process.execPath), '..', 'include', 'node');
  if (!existsSync(join(dir, 'node_api.h')))
    throw new Error(
      `Node's headers are not in ${dir}: install Node with its include/ folder (the official archives have it)`,
    );
  return dir;
}

function flags(libtorch: LibtorchLocation): { compile: string[]; link: string[] } {
  const includes = [nodeHeaders(), dirname(require.resolve('node-addon-api/napi.h')), ...libtorch.includeDirs];
  const libs = ['-ltorch', '-ltorch_cpu', '-lc10', ...(libtorch.cuda ? ['-ltorch_cuda', '-lc10_cuda'] : [])];
  return {
    compile: [
      `-std=${cxxStandard(libtorch.version)}`,
      '-O2',
      '-fPIC',
      '-fvisibility=hidden',
      '-DNAPI_CPP_EXCEPTIONS',
      `-D_GLIBCXX_USE_CXX11_ABI=${libtorch.cxx11Abi ? 1 : 0}`,
      ...includes.map((d) => `-I${d}`),
    ],
    // --no-as-needed keeps libtorch_cuda linked although no symbol of it is named: its kernels register on load.
    link: ['-shared', `-L${libtorch.libDir}`, `-Wl,-rpath,${libtorch.libDir}`, '-Wl,--no-as-needed', ...libs],
  };
}

async function main(): Promise<void> {
  let libtorch: LibtorchLocation;
  try {
    libtorch = findLibtorch();
  } catch (e) {
    if (!(e instanceof LibtorchNotFoundError)) throw e;
    console.log(`torch:build: skipped, ${e.message}`);
    return;
  }
  const info: AddonBuildInfo = {
    libtorch: { libDir: libtorch.libDir, version: libtorch.version, cuda: libtorch.cuda },
    nodeModules: process.versions.modules,
    sourcesSha256: sourcesSha256(),
  };
  const built = readBuildInfo();
  const where = `libtorch ${libtorch.version} (${libtorch.source}, ${libtorch.libDir}${libtorch.cuda ? ', CUDA' : ''})`;
  if (built && JSON.stringify(built) === JSON.stringify(info)) {
    console.log(`torch:build: up to date against ${where}`);
    return;
  }
  console.log(`torch:build: compiling against ${where}`);
  const started = Date.now();
  const { compile, link } = flags(libtorch);
  const work = join(ADDON_DIR, `.tmp-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    const sources = readdirSync(NATIVE_SOURCES_DIR).filter((n) => n.endsWith('.cc'));
    const objects = await Promise.all(
      sources.map(async (name) => {
        const object = join(work, name.replace(/\.cc$/, '.o'));
        await run(CXX, [...compile, '-c', join(NATIVE_SOURCES_DIR, name), '-o', object], { maxBuffer: 64 << 20 });
        return object;
      }),
    );
    const linked = join(work, 'fpb_torch.node');
    await run(CXX, [...objects, '-o', linked, ...link], { maxBuffer: 64 << 20 });
    renameSync(linked, ADDON_PATH);
    writeFileSync(BUILD_INFO_PATH, `${JSON.stringify(info, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`torch:build: built ${ADDON_PATH} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e: Error & { stderr?: string }) => {
  const detail = e.stderr ? `\n${e.stderr.split('\n').slice(0, 30).join('\n')}` : '';
  console.error(`torch:build failed: ${e.message.split('\n')[0]}${detail}`);
  process.exit(1);
});
