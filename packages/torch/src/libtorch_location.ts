import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A libtorch this machine has: headers, libraries, and what they were built with. */
export interface LibtorchLocation {
  /** `LIBTORCH` (an unpacked libtorch archive or a Python `torch` package folder), or Debian's libtorch-dev. */
  source: 'LIBTORCH' | 'debian';
  includeDirs: string[];
  libDir: string;
  version: string;
  /** libtorch_cuda is beside libtorch_cpu: this libtorch can run on NVIDIA GPUs. */
  cuda: boolean;
  /** The C++ string ABI its libraries use (official pre-cxx11 archives differ from Debian's). */
  cxx11Abi: boolean;
}

/** No usable libtorch; the message is one line that says where we looked and what to do. */
export class LibtorchNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LibtorchNotFoundError';
  }
}

const LIB_EXT = process.platform === 'darwin' ? 'dylib' : 'so';
const DEBIAN_LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu'];
const VERSION_HEADER = 'torch/csrc/api/include/torch/version.h';

/** libtorch 2.x's version.h only includes this one, which holds the numbers. */
const HEADER_ONLY_VERSION = 'torch/headeronly/version.h';

function readVersion(include: string): string {
  const text = [VERSION_HEADER, HEADER_ONLY_VERSION]
    .map((h) => join(include, h))
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
  const full = /#define TORCH_VERSION "([^"]+)"/.exec(text);
  if (full) return full[1];
  const part = (name: string) => new RegExp(`#define TORCH_VERSION_${name} (\\d+)`).exec(text)?.[1] ?? '?';
  return [part('MAJOR'), part('MINOR'), part('PATCH')].join('.');
}

function usesCxx11Abi(libDir: string): boolean {
  // The new ABI's std::string is std::__cxx11::basic_string: its mangled name appears in libc10's symbols.
  return readFileSync(join(libDir, `libc10.${LIB_EXT}`)).includes('_ZNSt7__cxx1112basic_string');
}

function located(source: LibtorchLocation['source'], include: string, libDir: string): LibtorchLocation {
  return {
    source,
    includeDirs: [include, join(include, 'torch/csrc/api/include')],
    libDir,
    version: readVersion(include),
    cuda: existsSync(join(libDir, `libtorch_cuda.${LIB_EXT}`)),
    cxx11Abi: usesCxx11Abi(libDir),
  };
}

/** The C++ standard a libtorch's headers compile under: 2.x's need C++20 (operator<=>, std::bit_width), 1.x's C++17. */
export function cxxStandard(version: string): 'c++17' | 'c++20' {
  return Number(version.split('.')[0]) >= 2 ? 'c++20' : 'c++17';
}

/** libtorch from `LIBTORCH`, else Debian's libtorch-dev; throws LibtorchNotFoundError with the reason. */
export function findLibtorch(env: NodeJS.ProcessEnv = process.env): LibtorchLocation {
  const given = env.LIBTORCH;
  if (given != null && given !== '') {
    if (!existsSync(given) || !statSync(given).isDirectory())
      throw new LibtorchNotFoundError(
        `LIBTORCH=${given} is not a folder: point it at an unpacked libtorch archive or a Python torch package folder (both hold include/ and lib/)`,
      );
    const include = join(given, 'include');
    const libDir = join(given, 'lib');
    for (const needed of [join(include, VERSION_HEADER), join(libDir, `libtorch_cpu.${LIB_EXT}`)])
      if (!existsSync(needed))
        throw new LibtorchNotFoundError(
          `LIBTORCH=${given} is not a libtorch: it lacks ${needed.slice(given.length + 1)} (expected an unpacked libtorch archive or a Python torch package folder)`,
        );
    return located('LIBTORCH', include, libDir);
  }
  const libDir = DEBIAN_LIB_DIRS.find((d) => existsSync(join(d, `libtorch_cpu.${LIB_EXT}`)));
  if (libDir != null && existsSync(join('/usr/include', VERSION_HEADER)))
    return located('debian', '/usr/include', libDir);
  throw new LibtorchNotFoundError(
    "no libtorch found: install Debian's libtorch-dev (apt-get install libtorch-dev) or set LIBTORCH to an unpacked libtorch archive",
  );
}
