import { loadTorchAddon, torchUnavailableReason } from './native_addon';
import { TorchBackend } from './torch_backend';

const reason = torchUnavailableReason();
const describeTorch = reason && process.env.FPB_REQUIRE_TORCH !== '1' ? describe.skip : describe;

describeTorch(`TorchBackend${reason ? ` (skipped: ${reason})` : ''}`, () => {
  const backend = () => new TorchBackend(loadTorchAddon().addon);

  it('copies values in and out with their dtype', () => {
    const b = backend();
    const f = b.write(new Float32Array([1.5, -2]), [2], 'float32');
    const i = b.write(new Int32Array([7, -3, 0]), [3], 'int32');
    const t = b.write(new Uint8Array([1, 0]), [2], 'bool');
    // Arrays made by the addon belong to Node's realm, not jest's: compare their contents and kind.
    expect([b.readSync(f).constructor.name, ...Array.from(b.readSync(f) as Float32Array)]).toEqual([
      'Float32Array',
      1.5,
      -2,
    ]);
    expect([b.readSync(i).constructor.name, ...Array.from(b.readSync(i) as Int32Array)]).toEqual([
      'Int32Array',
      7,
      -3,
      0,
    ]);
    expect([b.readSync(t).constructor.name, ...Array.from(b.readSync(t) as Uint8Array)]).toEqual(['Uint8Array', 1, 0]);
    expect(() => b.write(['a'] as never, [1], 'string')).toThrow(
      'the torch backend holds float32, int32 and bool tensors, not string',
    );
  });

  it('frees a libtorch tensor when its last reference goes, at once', () => {
    const b = backend();
    const start = b.memory().numNativeTensors;
    const bytes = b.memory().numNativeBytes;
    const id = b.write(new Float32Array(1000), [1000], 'float32');
    expect(b.memory()).toMatchObject({ numNativeTensors: start + 1, numNativeBytes: bytes + 4000 });
    expect(b.memory().peakNativeBytes).toBeGreaterThanOrEqual(bytes + 4000);
    b.incRef(id); // a variable made from this tensor shares its data
    expect(b.disposeData(id)).toBe(false);
    expect(b.numDataIds()).toBe(1);
    expect(b.disposeData(id)).toBe(true);
    expect(b.numDataIds()).toBe(0);
    expect(b.memory()).toMatchObject({ numNativeTensors: start, numNativeBytes: bytes });
    // The high-water mark stays: it sizes workers, like the wasm heap's size.
    expect(b.memory().peakNativeBytes).toBeGreaterThanOrEqual(bytes + 4000);
  });

  it('runs an op and describes its outputs; views share storage in the byte count', () => {
    const b = backend();
    const x = b.write(
      Float32Array.from({ length: 24 }, (_, i) => i),
      [2, 3, 4],
      'float32',
    );
    const info = { dataId: x, shape: [2, 3, 4], dtype: 'float32' as const };
    const bytes = b.memory().numNativeBytes;
    const [t] = b.run('transpose', [info], [2, 0, 1]);
    expect(t.shape).toEqual([4, 2, 3]);
    expect(b.memory().numNativeBytes).toBe(bytes);
    expect(Array.from(b.readSync(t.dataId) as Float32Array).slice(0, 6)).toEqual([0, 4, 8, 12, 16, 20]);
    const parts = b.run('unpack', [info], [1]);
    expect(parts.map((p) => p.shape)).toEqual([
      [2, 4],
      [2, 4],
      [2, 4],
    ]);
    expect(() => b.run('no_such_op', [info])).toThrow("the torch addon has no op 'no_such_op'");
  });
});
