import { switchBackend, tf } from './index';
import { backendMemory } from './backend_memory';

describe('backendMemory', () => {
  it('reads the wasm heap, which grows to hold a new tensor and does not shrink after it is freed', async () => {
    await switchBackend('wasm');
    const before = backendMemory();
    expect(before.what).toBe('wasm heap');
    const big = tf.zeros([16, 1024, 1024]); // 64 MiB of float32
    big.dataSync();
    const during = backendMemory().bytes;
    expect(during).toBeGreaterThanOrEqual(64 * 2 ** 20);
    big.dispose();
    expect(backendMemory().bytes).toBe(during);
  });

  it('counts live tensor bytes on the cpu backend', async () => {
    await switchBackend('cpu');
    const before = backendMemory();
    expect(before.what).toBe('live tensors');
    const t = tf.ones([1000]);
    expect(backendMemory().bytes - before.bytes).toBe(4000);
    t.dispose();
    expect(backendMemory().bytes).toBe(before.bytes);
  });
});
