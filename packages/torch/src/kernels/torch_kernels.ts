import type { KernelConfig } from '@tensorflow/tfjs-core';
import { addNConfig } from './AddN';
import { argReductionKernels } from './arg_reductions';
import { avgPoolConfig } from './AvgPool';
import { avgPoolGradConfig } from './AvgPoolGrad';
import { batchMatMulConfig } from './BatchMatMul';
import { castConfig } from './Cast';
import { clipByValueConfig } from './ClipByValue';
import { concatConfig } from './Concat';
import { conv2DConfig } from './Conv2D';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput';
import { depthwiseConv2dNativeConfig } from './DepthwiseConv2dNative';
import { depthwiseConv2dNativeBackpropFilterConfig } from './DepthwiseConv2dNativeBackpropFilter';
import { depthwiseConv2dNativeBackpropInputConfig } from './DepthwiseConv2dNativeBackpropInput';
import { elementwiseBinaryKernels } from './elementwise_binary';
import { elementwiseUnaryKernels } from './elementwise_unary';
import { fillConfig } from './Fill';
import { fusedBatchNormConfig } from './FusedBatchNorm';
import { fusedConv2DConfig } from './FusedConv2D';
import { fusedMatMulConfig } from './_FusedMatMul';
import { leakyReluConfig } from './LeakyRelu';
import { maxPoolConfig } from './MaxPool';
import { maxPoolGradConfig } from './MaxPoolGrad';
import { oneHotConfig } from './OneHot';
import { packConfig } from './Pack';
import { padV2Config } from './PadV2';
import { reductionKernels } from './reductions';
import { reshapeConfig } from './Reshape';
import { reverseConfig } from './Reverse';
import { selectConfig } from './Select';
import { sliceConfig } from './Slice';
import { softmaxConfig } from './Softmax';
import { splitVConfig } from './SplitV';
import { stepConfig } from './Step';
import { tileConfig } from './Tile';
import { transposeConfig } from './Transpose';
import { unpackConfig } from './Unpack';

/** Every kernel of the torch backend: the ones the project's models, zoo and fingerprints run. */
export const TORCH_KERNELS: readonly KernelConfig[] = [
  ...elementwiseUnaryKernels,
  ...elementwiseBinaryKernels,
  ...reductionKernels,
  ...argReductionKernels,
  stepConfig,
  leakyReluConfig,
  clipByValueConfig,
  addNConfig,
  selectConfig,
  softmaxConfig,
  reshapeConfig,
  transposeConfig,
  castConfig,
  sliceConfig,
  concatConfig,
  packConfig,
  unpackConfig,
  splitVConfig,
  padV2Config,
  reverseConfig,
  tileConfig,
  fillConfig,
  oneHotConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  conv2DConfig,
  fusedConv2DConfig,
  depthwiseConv2dNativeConfig,
  conv2DBackpropInputConfig,
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  fusedBatchNormConfig,
];
