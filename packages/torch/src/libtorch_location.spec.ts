import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMismatch, type AddonBuildInfo } from './addon_build_info';
import { cxxStandard, findLibtorch } from './libtorch_location';

/** A folder laid out like an unpacked libtorch archive, with the given version and libraries. */
function fakeLibtorch(opts: { version: string; cuda?: boolean; cxx11?: boolean }): string {
  const root = mkdtempSync(join(tmpdir(), 'fpb-libtorch-'));
  const [major, minor, patch] = opts.version.split('.');
  mkdirSync(join(root, 'include/torch/csrc/api/include/torch'), { recursive: true });
  mkdirSync(join(root, 'lib'));
  writeFileSync(
    join(root, 'include/torch/csrc/api/include/torch/version.h'),
    `#define TORCH_VERSION_MAJOR ${major}\n#define TORCH_VERSION_MINOR ${minor}\n#define TORCH_VERSION_PATCH ${patch}\n`,
  );
  writeFileSync(
    join(root, 'lib/libc10.so'),
    opts.cxx11 ? 'xx _ZNSt7__cxx1112basic_stringIcSt11char_traits xx' : 'xx _ZNSs4_Rep xx',
  );
  writeFileSync(join(root, 'lib/libtorch_cpu.so'), '');
  if (opts.cuda) writeFileSync(join(root, 'lib/libtorch_cuda.so'), '');
  return root;
}

describe('findLibtorch', () => {
  it('reads an unpacked archive named by LIBTORCH: version, CUDA, string ABI', () => {
    const root = fakeLibtorch({ version: '2.5.1', cuda: true, cxx11: true });
    expect(findLibtorch({ LIBTORCH: root })).toEqual({
      source: 'LIBTORCH',
      includeDirs: [join(root, 'include'), join(root, 'include/torch/csrc/api/include')],
      libDir: join(root, 'lib'),
      version: '2.5.1',
      cuda: true,
      cxx11Abi: true,
    });
    const old = fakeLibtorch({ version: '1.13.1' });
    expect(findLibtorch({ LIBTORCH: old })).toMatchObject({ version: '1.13.1', cuda: false, cxx11Abi: false });
  });

  it("reads a PyTorch 2.x wheel's torch folder, whose version.h only includes the header that holds the numbers", () => {
    const wheel = fakeLibtorch({ version: '0.0.0', cuda: true, cxx11: true });
    writeFileSync(
      join(wheel, 'include/torch/csrc/api/include/torch/version.h'),
      '#include <torch/headeronly/version.h>\n',
    );
    mkdirSync(join(wheel, 'include/torch/headeronly'));
    writeFileSync(
      join(wheel, 'include/torch/headeronly/version.h'),
      '#define TORCH_VERSION_MAJOR 2\n#define TORCH_VERSION_MINOR 15\n#define TORCH_VERSION_PATCH 0\n',
    );
    const found = findLibtorch({ LIBTORCH: wheel });
    expect(found).toMatchObject({ version: '2.15.0', cuda: true, cxx11Abi: true });
    expect(cxxStandard(found.version)).toBe('c++20');
    expect(cxxStandard('1.13.0')).toBe('c++17');
  });

  it('names a LIBTORCH that is missing or is not a libtorch, and what it should be', () => {
    expect(() => findLibtorch({ LIBTORCH: '/no/such/folder' })).toThrow(
      'LIBTORCH=/no/such/folder is not a folder: point it at an unpacked libtorch archive or a Python torch package folder (both hold include/ and lib/)',
    );
    const empty = mkdtempSync(join(tmpdir(), 'fpb-empty-'));
    expect(() => findLibtorch({ LIBTORCH: empty })).toThrow(
      `LIBTORCH=${empty} is not a libtorch: it lacks include/torch/csrc/api/include/torch/version.h`,
    );
    mkdirSync(join(empty, 'include/torch/csrc/api/include/torch'), { recursive: true });
    writeFileSync(join(empty, 'include/torch/csrc/api/include/torch/version.h'), '');
    expect(() => findLibtorch({ LIBTORCH: empty })).toThrow(`it lacks lib/libtorch_cpu.so`);
  });
});

describe('buildMismatch', () => {
  const libtorch = findLibtorch({ LIBTORCH: fakeLibtorch({ version: '2.5.1' }) });
  const info: AddonBuildInfo = {
    libtorch: { libDir: libtorch.libDir, version: '2.5.1', cuda: false },
    nodeModules: process.versions.modules,
    sourcesSha256: 'x',
  };

  it('accepts an addon built against this libtorch and this Node', () => {
    expect(buildMismatch(info, libtorch)).toBeUndefined();
  });

  it('names both libtorch builds, or both Node ABIs, and the rebuild command', () => {
    expect(
      buildMismatch(
        { ...info, libtorch: { libDir: '/usr/lib/x86_64-linux-gnu', version: '1.13.0', cuda: false } },
        libtorch,
      ),
    ).toBe(
      `the torch addon was built against libtorch 1.13.0 in /usr/lib/x86_64-linux-gnu, but the libtorch found now is 2.5.1 in ${libtorch.libDir}: run npx nx run torch:build`,
    );
    expect(buildMismatch({ ...info, nodeModules: '1' }, libtorch)).toBe(
      `the torch addon was built for another Node (ABI 1, this one is ${process.versions.modules}): run npx nx run torch:build`,
    );
  });
});
