import * as tf from './tf';

/**
 * Memory the current backend holds for tensors, and what that figure is. The wasm heap and the
 * webgpu buffer pool only grow, so read after a job it is that job's high-water mark: the figure to
 * size workers per machine (or per GPU) by.
 */
export function backendMemory(): { bytes: number; what: string } {
  const name = tf.getBackend();
  if (name === 'wasm') {
    const heap = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
    if (heap) return { bytes: heap.buffer.byteLength, what: 'wasm heap' };
  }
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPUAllocated?: number };
  if (name === 'webgpu' && m.numBytesInGPUAllocated !== undefined)
    return { bytes: m.numBytesInGPUAllocated, what: 'GPU buffers' };
  return { bytes: m.numBytes, what: 'live tensors' };
}
