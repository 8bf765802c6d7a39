import {
  add,
  broadcast_util,
  FusedBatchNorm,
  mul,
  neg,
  registerGradient,
  reshape,
  rsqrt,
  scalar,
  sub,
  sum,
  type GradConfig,
  type Tensor,
} from '@tensorflow/tfjs-core';

/**
 * Gradient of batch normalisation without `Tile` and with fewer passes over the activation.
 * tfjs's own version tiles 1/sqrt(var) to the full activation shape before multiplying by dy
 * (broadcasting gives the same numbers without materialising it), and runs four full-size products
 * and four reductions for the parameter gradients where two of each suffice.
 */
export const fusedBatchNormGradConfig: GradConfig = {
  kernelName: FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs) => {
    const g = dy as Tensor;
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved;
    const scaleValue = scale == null ? scalar(1) : scale;
    const axes = mean.rank === 1 ? broadcast_util.getReductionAxes(mean.shape, x.shape) : [];
    const reduce = (t: Tensor) => reshape(axes.length > 0 ? sum(t, axes) : t, mean.shape);
    const invStd = rsqrt(add(variance, scalar(varianceEpsilon)));
    // The four parameter gradients need only two reductions over the activation: sum(dy) and
    // sum(dy * (x - mean)). They are computed here, not inside the closures, because the engine
    // runs each closure in its own scope and would free a tensor shared between them.
    const sumDy = reduce(g);
    const sumDyCentered = reduce(mul(g, sub(x, mean)));
    return {
      x: () => reshape(mul(g, mul(invStd, scaleValue)), x.shape),
      mean: () => mul(mul(neg(invStd), scaleValue), sumDy),
      variance: () => mul(mul(mul(mul(invStd, invStd), invStd), mul(scalar(-0.5), scaleValue)), sumDyCentered),
      scale: () => reshape(mul(invStd, sumDyCentered), mean.shape),
      offset: () => sumDy,
    };
  },
};

export function registerFastGradients(): void {
  registerGradient(fusedBatchNormGradConfig);
}
