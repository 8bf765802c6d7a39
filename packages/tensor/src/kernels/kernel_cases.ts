import { createRng } from '../random';
import * as tf from '../tf';

/**
 * Calls that run each kernel the project uses, over the shapes, strides, paddings and dtypes it
 * meets (odd sizes, 'same' padding that is uneven at stride 2, broadcasting, ties, NaN, negative
 * axes). Keyed by the tfjs kernel name each case must run; a backend's spec runs every case on
 * `cpu` and on the backend and compares.
 */
export type KernelCase = [label: string, run: () => tf.Tensor | tf.Tensor[]];

/** Values in [-1, 1), seeded per call so cases do not depend on their order. */
function rand(shape: number[], offset = 0): tf.Tensor {
  const rng = createRng(1000 + offset);
  return tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng() * 2 - 1),
    shape,
  );
}
/** Values rounded to tenths: ties for max, argmax, comparisons and pooling. */
const tied = (shape: number[], offset = 0) => tf.round(tf.mul(rand(shape, offset), 3));
const positive = (shape: number[], offset = 0) => tf.add(tf.abs(rand(shape, offset)), 0.1);
const ints = (shape: number[], offset = 0) => tf.cast(tf.mul(rand(shape, offset), 5), 'int32');
const bools = (shape: number[], offset = 0) => tf.greater(rand(shape, offset), 0);
const withNaN = () => tf.tensor1d([NaN, -2, -0.5, 0, 0.5, 3, Infinity, -Infinity]);

const x234 = () => rand([2, 3, 4]);
const image = (size = 8, channels = 3, offset = 0) => rand([2, size, size, channels], offset) as tf.Tensor4D;
const filter = (k: number, inC: number, outC: number, offset = 7) => rand([k, k, inC, outC], offset) as tf.Tensor4D;

/** Gradients of sum(f(x, w) * dy) with respect to x and w: the backprop kernels of f. */
function grads(f: (x: tf.Tensor, w: tf.Tensor) => tf.Tensor, x: tf.Tensor, w: tf.Tensor): tf.Tensor[] {
  const dy = rand(f(x, w).shape, 99);
  return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), dy)))([x, w]);
}
function gradOf(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  const dy = rand(f(x).shape, 98);
  return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), dy)))(x);
}
const conv =
  (stride: number, pad: 'same' | 'valid', dilation = 1) =>
  (x: tf.Tensor, w: tf.Tensor) =>
    tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad, 'NHWC', dilation);
const depthwise = (stride: number, pad: 'same' | 'valid') => (x: tf.Tensor, w: tf.Tensor) =>
  tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad);

const unary = (f: (x: tf.Tensor) => tf.Tensor, input = x234): KernelCase[] => [['[2,3,4]', () => f(input())]];
const binary = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): KernelCase[] => [
  ['same shape', () => f(x234(), rand([2, 3, 4], 1))],
  ['broadcast [2,1,4] with [3,1]', () => f(rand([2, 1, 4]), rand([3, 1], 1))],
  ['int32', () => f(ints([3, 4]), tf.add(tf.abs(ints([4], 1)), tf.scalar(1, 'int32')))],
];
const comparison = (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): KernelCase[] => [
  ['with ties', () => f(tied([2, 3, 4]), tied([2, 3, 4], 1))],
  ['broadcast', () => f(tied([2, 3, 4]), tied([4], 1))],
  ['int32', () => f(ints([3, 4]), ints([3, 4], 1))],
];

export const KERNEL_CASES: Record<string, KernelCase[]> = {
  Abs: unary(tf.abs),
  Neg: unary(tf.neg),
  Exp: unary(tf.exp),
  Log: unary(tf.log, () => positive([2, 3, 4])),
  Log1p: unary(tf.log1p, () => positive([2, 3, 4])),
  Sqrt: unary(tf.sqrt, () => positive([2, 3, 4])),
  Rsqrt: unary(tf.rsqrt, () => positive([2, 3, 4])),
  Square: unary(tf.square),
  Sign: [...unary(tf.sign, () => tied([2, 3, 4])), ['int32', () => tf.sign(ints([5]))]],
  Sigmoid: unary(tf.sigmoid),
  Relu: [...unary(tf.relu), ['int32', () => tf.relu(ints([6]))]],
  Floor: unary(tf.floor),
  Round: [['halves round to even', () => tf.round(tf.tensor1d([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49]))]],
  Tanh: unary(tf.tanh),
  LogicalNot: unary(tf.logicalNot, () => bools([2, 3, 4])),
  ZerosLike: [...unary(tf.zerosLike), ['int32', () => tf.zerosLike(ints([3]))]],
  OnesLike: unary(tf.onesLike),
  Identity: [
    ['clone', () => tf.clone(x234())],
    ['of a transposed tensor', () => tf.clone(tf.transpose(x234()))],
  ],
  Add: binary(tf.add),
  Sub: binary(tf.sub),
  Multiply: binary(tf.mul),
  RealDiv: binary((a, b) => tf.div(tf.cast(a, 'float32'), tf.cast(b, 'float32'))),
  FloorDiv: [
    ['int32', () => tf.floorDiv(ints([3, 4]), tf.add(tf.abs(ints([4], 1)), tf.scalar(1, 'int32')))],
    ['float (int32 out, as tfjs)', () => tf.floorDiv(rand([3, 4]), tf.tensor1d([0.3, -0.4, 0.7, -1]))],
  ],
  Pow: [
    ['float', () => tf.pow(positive([2, 3]), rand([2, 3], 1))],
    ['int32', () => tf.pow(ints([4]), tf.tensor1d([0, 1, 2, 3], 'int32'))],
  ],
  Maximum: binary(tf.maximum),
  Minimum: binary(tf.minimum),
  SquaredDifference: binary(tf.squaredDifference),
  Mod: [
    ['float, signs mixed', () => tf.mod(rand([3, 4]), tf.tensor1d([0.3, -0.4, 0.7, -1]))],
    ['int32, signs mixed', () => tf.mod(ints([3, 4]), tf.tensor1d([3, -2, 4, -5], 'int32'))],
  ],
  Equal: comparison(tf.equal),
  NotEqual: comparison(tf.notEqual),
  Less: comparison(tf.less),
  LessEqual: comparison(tf.lessEqual),
  Greater: comparison(tf.greater),
  GreaterEqual: comparison(tf.greaterEqual),
  LogicalAnd: [['bool', () => tf.logicalAnd(bools([2, 3]), bools([2, 3], 1))]],
  LogicalOr: [['bool', () => tf.logicalOr(bools([2, 3]), bools([3], 1))]],
  Sum: [
    ['all axes', () => tf.sum(x234())],
    ['axis 1, kept', () => tf.sum(x234(), 1, true)],
    ['axes [0, 2]', () => tf.sum(x234(), [0, 2])],
    ['negative axis', () => tf.sum(x234(), -1)],
    ['of bools (int32 out)', () => tf.sum(bools([3, 4]), 1)],
  ],
  Mean: [
    ['all axes', () => tf.mean(x234())],
    ['axes [0, 1, 2] of an image batch', () => tf.mean(image(), [0, 1, 2])],
  ],
  Max: [
    ['all axes', () => tf.max(x234())],
    ['axis -1 with ties', () => tf.max(tied([2, 3, 4]), -1)],
    ['int32, kept', () => tf.max(ints([3, 4]), 0, true)],
  ],
  Min: [
    ['axis 1', () => tf.min(x234(), 1)],
    ['int32', () => tf.min(ints([3, 4]))],
  ],
  All: [['axis 1', () => tf.all(bools([3, 4]), 1)]],
  Any: [['all axes', () => tf.any(bools([3, 4]))]],
  ArgMax: [
    ['axis -1 with ties (first wins)', () => tf.argMax(tied([2, 3, 4]), -1)],
    ['axis 0', () => tf.argMax(x234(), 0)],
  ],
  ArgMin: [['axis 1 with ties', () => tf.argMin(tied([2, 3, 4]), 1)]],
  Step: [
    ['NaN, infinities, zero', () => tf.step(withNaN())],
    ['alpha 0.3', () => tf.step(withNaN(), 0.3)],
  ],
  LeakyRelu: unary((x) => tf.leakyRelu(x, 0.1)),
  ClipByValue: unary((x) => tf.clipByValue(x, -0.3, 0.5)),
  AddN: [['three tensors', () => tf.addN([x234(), rand([2, 3, 4], 1), rand([2, 3, 4], 2)])]],
  Select: [
    ['same shapes', () => tf.where(bools([2, 3]), rand([2, 3], 1), rand([2, 3], 2))],
    ['broadcast condition', () => tf.where(bools([3]), rand([2, 3], 1), rand([2, 3], 2))],
  ],
  Softmax: [
    ['[3,10] logits', () => tf.softmax(tf.mul(rand([3, 10]), 5))],
    ['rank 3', () => tf.softmax(x234())],
  ],
  Reshape: [
    ['implicit dimension', () => tf.reshape(x234(), [-1, 4])],
    ['of a transposed tensor', () => tf.reshape(tf.transpose(x234(), [2, 0, 1]), [4, 6])],
  ],
  Transpose: [
    ['[2,0,1]', () => tf.transpose(x234(), [2, 0, 1])],
    ['NHWC to NCHW', () => tf.transpose(image(), [0, 3, 1, 2])],
  ],
  Cast: [
    ['float to int32 (truncates)', () => tf.cast(tf.tensor1d([-1.7, -0.2, 0.5, 2.9]), 'int32')],
    ['float to bool', () => tf.cast(tf.tensor1d([-1, 0, 0.5]), 'bool')],
    ['bool to float', () => tf.cast(bools([5]), 'float32')],
    ['int32 to float', () => tf.cast(ints([5]), 'float32')],
  ],
  Slice: [
    ['with size -1', () => tf.slice(x234(), [1, 0, 1], [1, -1, 2])],
    ['of a transposed tensor', () => tf.slice(tf.transpose(x234()), [1, 1, 0], [2, 2, 1])],
  ],
  Concat: [
    ['axis 1', () => tf.concat([x234(), rand([2, 2, 4], 1)], 1)],
    ['axis -1, three inputs', () => tf.concat([x234(), rand([2, 3, 1], 1), rand([2, 3, 2], 2)], -1)],
  ],
  Pack: [['axis 1', () => tf.stack([rand([3, 4]), rand([3, 4], 1)], 1)]],
  Unpack: [['axis 1', () => tf.unstack(x234(), 1)]],
  SplitV: [
    ['sizes along axis -1', () => tf.split(x234(), [1, 3], -1)],
    ['equal parts along axis 1', () => tf.split(x234(), 3, 1)],
  ],
  PadV2: [
    [
      'uneven, constant 0.5',
      () =>
        tf.pad(
          x234(),
          [
            [1, 0],
            [0, 2],
            [1, 1],
          ],
          0.5,
        ),
    ],
  ],
  Reverse: [['axes [0, 2]', () => tf.reverse(x234(), [0, 2])]],
  Tile: [['[2,1,3]', () => tf.tile(x234(), [2, 1, 3])]],
  Fill: [
    ['float', () => tf.fill([2, 3], 1.5)],
    ['int32', () => tf.fill([4], 7, 'int32')],
  ],
  OneHot: [
    ['out-of-range index gives a row of off', () => tf.oneHot(tf.tensor1d([0, 2, -1, 5, 3], 'int32'), 4, 2, -1)],
  ],
  BatchMatMul: [
    ['rank 3', () => tf.matMul(x234(), rand([2, 4, 5], 1))],
    ['transposed both', () => tf.matMul(rand([2, 4, 3]), rand([2, 5, 4], 1), true, true)],
  ],
  _FusedMatMul: [
    [
      'bias and relu',
      () =>
        tf.fused.matMul({
          a: rand([3, 4]),
          b: rand([4, 5], 1) as tf.Tensor2D,
          bias: rand([5], 2),
          activation: 'relu',
        } as never),
    ],
    [
      'transposeB, leakyrelu',
      () =>
        tf.fused.matMul({
          a: rand([3, 4]),
          b: rand([5, 4], 1),
          transposeB: true,
          bias: rand([5], 2),
          activation: 'leakyrelu',
          leakyreluAlpha: 0.3,
        } as never),
    ],
  ],
  Conv2D: [
    ['stride 2 same (uneven padding)', () => tf.conv2d(image(), filter(3, 3, 4), 2, 'same')],
    ['stride 1 valid 5x5', () => tf.conv2d(image(9), filter(5, 3, 4), 1, 'valid')],
    ['dilation 2', () => tf.conv2d(image(), filter(3, 3, 4), 1, 'same', 'NHWC', 2)],
    ['1x1 stride 2 projection', () => tf.conv2d(image(8, 4), filter(1, 4, 6), 2, 'same')],
  ],
  FusedConv2D: [
    [
      'bias and relu',
      () =>
        tf.fused.conv2d({
          x: image(),
          filter: filter(3, 3, 4),
          strides: 1,
          pad: 'same',
          bias: rand([4], 3),
          activation: 'relu',
        }),
    ],
    [
      'stride 2, no bias, relu6',
      () => tf.fused.conv2d({ x: image(), filter: filter(3, 3, 4), strides: 2, pad: 'same', activation: 'relu6' }),
    ],
  ],
  DepthwiseConv2dNative: [
    ['multiplier 1, stride 2 same', () => tf.depthwiseConv2d(image(), filter(3, 3, 1), 2, 'same')],
    ['multiplier 2', () => tf.depthwiseConv2d(image(), filter(3, 3, 2), 1, 'same')],
  ],
  Conv2DBackpropInput: [
    ['stride 2 same', () => grads(conv(2, 'same'), image(), filter(3, 3, 4))[0]],
    ['stride 1 valid', () => grads(conv(1, 'valid'), image(9), filter(5, 3, 4))[0]],
  ],
  Conv2DBackpropFilter: [
    ['stride 2 same', () => grads(conv(2, 'same'), image(), filter(3, 3, 4))[1]],
    ['stride 1 valid', () => grads(conv(1, 'valid'), image(9), filter(5, 3, 4))[1]],
  ],
  DepthwiseConv2dNativeBackpropInput: [
    ['multiplier 1, stride 2 same', () => grads(depthwise(2, 'same'), image(), filter(3, 3, 1))[0]],
    ['multiplier 2', () => grads(depthwise(1, 'same'), image(), filter(3, 3, 2))[0]],
  ],
  DepthwiseConv2dNativeBackpropFilter: [
    ['multiplier 1, stride 2 same', () => grads(depthwise(2, 'same'), image(), filter(3, 3, 1))[1]],
    ['multiplier 2', () => grads(depthwise(1, 'same'), image(), filter(3, 3, 2))[1]],
  ],
  MaxPool: [
    ['3x3 stride 2 same (uneven)', () => tf.maxPool(image(), 3, 2, 'same')],
    ['2x2 valid with ties', () => tf.maxPool(tied([2, 8, 8, 3]) as tf.Tensor4D, 2, 2, 'valid')],
  ],
  MaxPoolGrad: [
    ['3x3 stride 2 same', () => gradOf((x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'), image())],
    [
      '2x2 valid, ties go to the first',
      () => gradOf((x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'), tied([2, 8, 8, 3])),
    ],
  ],
  AvgPool: [
    ['2x2 valid', () => tf.avgPool(image(), 2, 2, 'valid')],
    ['3x3 stride 1 same (edges average fewer pixels)', () => tf.avgPool(image(), 3, 1, 'same')],
    ['global 8x8', () => tf.avgPool(image(), 8, 1, 'valid')],
  ],
  AvgPoolGrad: [
    ['2x2 valid', () => gradOf((x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'), image())],
    ['3x3 stride 1 same', () => gradOf((x) => tf.avgPool(x as tf.Tensor4D, 3, 1, 'same'), image())],
  ],
  FusedBatchNorm: [
    ['offset and scale', () => tf.batchNorm(image(), rand([3], 1), positive([3], 2), rand([3], 3), rand([3], 4), 1e-3)],
    ['neither', () => tf.batchNorm(image(), rand([3], 1), positive([3], 2))],
  ],
};
