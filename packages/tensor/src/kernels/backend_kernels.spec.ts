import { TORCH_KERNELS } from '@fpb/torch';
import { switchBackend } from '../backend';
import { describeWithBackends } from '../testing/describe_with_backends';
import * as tf from '../tf';
import { KERNEL_CASES, type KernelCase } from './kernel_cases';

interface Read {
  shape: number[];
  dtype: string;
  values: number[];
}

async function readAll(result: tf.Tensor | tf.Tensor[]): Promise<Read[]> {
  const list = Array.isArray(result) ? result : [result];
  const out = await Promise.all(
    list.map(async (t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(await t.data()) as number[] })),
  );
  tf.dispose(list);
  return out;
}

/** Float values agree to 1e-5 of their scale; NaN matches NaN; integers and bools exactly. */
function expectClose(got: Read[], want: Read[]): void {
  expect(got.map((r) => [r.shape, r.dtype])).toEqual(want.map((r) => [r.shape, r.dtype]));
  got.forEach((g, i) => {
    const w = want[i];
    if (w.dtype !== 'float32') return expect(g.values).toEqual(w.values);
    const scale = Math.max(1, ...w.values.filter(Number.isFinite).map(Math.abs));
    g.values.forEach((v, j) => {
      const e = w.values[j];
      if (Number.isNaN(e) || !Number.isFinite(e)) expect(v).toBe(e);
      else expect(Math.abs(v - e) / scale).toBeLessThan(1e-5);
    });
  });
}

/**
 * Cases where a backend knowingly differs from cpu, with why. The project's wasm depthwise gradients
 * refuse channel multiplier 2 (their own spec tests the refusal); the rest are tfjs-backend-wasm's
 * own kernels (4.22), listed so that a change in them shows: FloorDiv keeps float32, Cast to bool
 * gives 255 for negatives, _FusedMatMul ignores leakyreluAlpha, MaxPoolGrad sends ties to another
 * position (harmless after a ReLU: the tied zeros have no gradient).
 */
const KNOWN_DIFFERENCES: Record<string, Array<[kernel: string, label: string]>> = {
  wasm: [
    ['DepthwiseConv2dNativeBackpropInput', 'multiplier 2'],
    ['DepthwiseConv2dNativeBackpropFilter', 'multiplier 2'],
    ['FloorDiv', 'float (int32 out, as tfjs)'],
    ['Cast', 'float to bool'],
    ['_FusedMatMul', 'transposeB, leakyrelu'],
    ['MaxPoolGrad', '2x2 valid, ties go to the first'],
  ],
};
const differs = (backend: string, kernel: string, label: string) =>
  (KNOWN_DIFFERENCES[backend] ?? []).some(([k, l]) => k === kernel && l === label);

describeWithBackends('kernels match the cpu backend', ['torch', 'wasm'], (backend) => {
  if (backend === 'torch')
    it('every kernel the torch backend registers has cases here', () => {
      expect(TORCH_KERNELS.map((k) => k.kernelName).filter((name) => !(name in KERNEL_CASES))).toEqual([]);
    });

  describe.each(Object.entries(KERNEL_CASES))('%s', (kernel, cases) => {
    it.each(cases.filter(([label]) => !differs(backend, kernel, label)))(
      '%s',
      async (_label: string, run: KernelCase[1]) => {
        await switchBackend('cpu');
        const want = await readAll(run());
        await switchBackend(backend);
        const profile = await tf.profile(() => run());
        const got = await readAll(profile.result as tf.Tensor | tf.Tensor[]);
        // The case must really reach the kernel it stands for on this backend.
        expect(profile.kernelNames).toContain(kernel);
        expectClose(got, want);
      },
    );
  });
});
