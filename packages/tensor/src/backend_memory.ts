import * as tf from './tf';

/**
 * Memory the current backend holds for tensors, and what that figure is. The wasm heap and the
 * webgpu buffer pool only grow, and torch reports its own high-water mark, so read after a job it is
 * that job's peak: the figure to size workers per machine (or per GPU) by.
 */
export function backendMemory(): { bytes: number; what: string } {
  const name = tf.getBackend();
  if (name === 'wasm') {
    const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    if (heap) return { bytes: heap.buffer.byteLength, what: 'wasm heap' };
  }
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPUAllocated?: number; peakNativeBytes?: number };
  if (name === 'torch' && m.peakNativeBytes !== undefined)
    return { bytes: m.peakNativeBytes, what: 'libtorch tensors at most' };
  if (name === 'webgpu' && m.numBytesInGPUAllocated !== undefined)
    return { bytes: m.numBytesInGPUAllocated, what: 'GPU buffers' };
  return { bytes: m.numBytes, what: 'live tensors' };
}

/**
 * How much memory a backend can give tensors, and how far above a step's theoretical bytes
 * (`theoreticalStepBytes`) its real high-water mark goes, where these are known. wasm: the heap of a
 * 32-bit wasm module stops at 4 GiB (tfjs's build: 4,294,901,760 bytes; a kernel that needs more
 * traps), and `npx nx run bench:memory` measured 2.2-2.7x the theory (kernel copies, the allocator,
 * heap growth in 20% steps). Other backends: no limit known here.
 */
export function backendMemoryLimit(backend: string): { bytes: number; overTheory: number } | undefined {
  return backend === 'wasm' ? { bytes: 4_294_901_760, overTheory: 2.8 } : undefined;
}
