import type { tf } from '@fpb/tensor';

/** What one training step of a model holds, in theory, in float32. */
export interface StepMemory {
  /** Every weight once (the weights themselves; gradients and the momentum buffer are as large again each). */
  parameterBytes: number;
  /** Every layer's output for one image: the forward pass keeps them for the backward pass. */
  activationBytesPerImage: number;
}

export function stepMemoryOf(model: tf.LayersModel): StepMemory {
  const perImage = model.layers.reduce((sum, layer) => {
    const shapes = (Array.isArray(layer.outputShape[0]) ? layer.outputShape : [layer.outputShape]) as number[][];
    return sum + shapes.reduce((s, shape) => s + shape.slice(1).reduce((a, b) => a * (b ?? 1), 1), 0);
  }, 0);
  return { parameterBytes: 4 * model.countParams(), activationBytesPerImage: 4 * perImage };
}

/**
 * The bytes a step of `batch` images needs in theory: weights, gradients and the optimiser's momentum
 * (3 x parameters), and every activation of the forward pass plus its gradient in the backward pass
 * (2 x activations x batch). What a backend really holds is a multiple of it (bench:memory measures
 * that multiple): copies in kernels, the allocator's own overhead.
 */
export function theoreticalStepBytes(memory: StepMemory, batch: number): number {
  return 3 * memory.parameterBytes + 2 * memory.activationBytesPerImage * batch;
}
