import { add, broadcast_util, FusedBatchNorm, mul, registerGradient, reshape, rsqrt, scalar, sub, sum, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Gradient of batch normalisation without `Tile`. tfjs's own version tiles 1/sqrt(var) to the full
 * activation shape before multiplying by dy; broadcasting gives the same numbers without
 * materialising that tensor, which was the top cost of a wasm training step after convolutions.
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
    const xMinusMean = sub(x, mean);
    const dyTimesScale = mul(g, scaleValue);
    return {
      x: () => reshape(mul(g, mul(invStd, scaleValue)), x.shape),
      mean: () => reduce(mul(mul(invStd, scalar(-1)), dyTimesScale)),
      variance: () => reduce(mul(mul(mul(mul(invStd, invStd), invStd), scalar(-0.5)), mul(xMinusMean, dyTimesScale))),
      scale: () => reduce(mul(g, mul(xMinusMean, invStd))),
      offset: () => reduce(g),
    };
  },
};

export function registerFastGradients(): void {
  registerGradient(fusedBatchNormGradConfig);
}
