import { registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { initBackend } from '../backend';
import * as tf from '../tf';
import { KernelFailedError, reportKernelFailures } from './kernel_failures';

describe('kernel failures', () => {
  beforeAll(() => initBackend('wasm', () => undefined));

  it('name the kernel, its input shapes and the backend', () => {
    // A stand-in for a kernel whose allocation failed inside wasm.
    registerKernel({
      kernelName: 'FpbFailing',
      backendName: 'wasm',
      kernelFunc: () => {
        throw new Error('memory access out of bounds');
      },
    });
    try {
      reportKernelFailures('wasm');
      const x = tf.zeros([2, 3]);
      const run = () => tf.engine().runKernel('FpbFailing', { x, y: tf.zeros([4]) }, {});
      expect(run).toThrow(KernelFailedError);
      expect(run).toThrow(
        /^kernel FpbFailing failed on wasm \(inputs x \[2,3\], y \[4\]\): memory access out of bounds; the wasm heap holds \d+ MiB$/,
      );
    } finally {
      unregisterKernel('FpbFailing', 'wasm');
    }
  });

  it('every wasm kernel is wrapped once, and kernels still compute', () => {
    reportKernelFailures('wasm');
    reportKernelFailures('wasm'); // idempotent: no double wrapping
    expect(Array.from(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync())).toEqual([4, 6]);
  });
});
