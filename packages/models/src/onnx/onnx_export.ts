import { tf } from '@fpb/tensor';
import { onnx } from 'onnx-proto';
import { permutedValues } from '../permuted_values';

/**
 * A saved model as ONNX, for use outside this project (Python, onnxruntime): NHWC images in [0, 1]
 * named `image` ([batch, 32, 32, 3], as every model here takes them), logits out named `logits`.
 * Inside, the graph runs NCHW as ONNX's operators do: one Transpose after the input, kernels
 * transposed to OIHW, and TensorFlow's uneven 'same' padding written out as explicit pads.
 */
export function toOnnx(model: tf.LayersModel, producer = 'fingerprint-bench'): Uint8Array {
  const graph = new OnnxGraph();
  const input = model.inputs[0];
  graph.node('Transpose', [input.name], [NCHW_INPUT], { perm: [0, 3, 1, 2] });
  const names = new Map<string, string>();
  for (const layer of model.layers) {
    const from = layer.inboundNodes[0]?.inboundLayers.map((l) => names.get(l.name)!) ?? [];
    names.set(layer.name, exportLayer(graph, layer, from));
  }
  const output = model.outputs[0];
  const last = names.get(output.sourceLayer.name)!;
  if (last !== 'logits') graph.node('Identity', [last], ['logits'], {});
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: producer,
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: model.name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo(input.name, ['batch', ...(input.shape.slice(1) as number[])])],
      output: [valueInfo('logits', ['batch', output.shape[1] as number])],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

const OPSET = 13;
const NCHW_INPUT = 'image_nchw';
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

type Attribute = number | number[];

class OnnxGraph {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];

  node(opType: string, input: string[], output: string[], attributes: Record<string, Attribute>): void {
    const attribute = Object.entries(attributes).map(([name, v]) =>
      Array.isArray(v)
        ? { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v }
        : Number.isInteger(v)
          ? { name, type: onnx.AttributeProto.AttributeType.INT, i: v }
          : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v },
    );
    this.nodes.push({ opType, input, output, name: `${this.nodes.length}_${opType}`, attribute });
  }

  /** Adds a weight; returns its name. */
  weight(name: string, values: Float32Array, dims: number[]): string {
    const rawData = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.initializers.push({ name, dims, dataType: FLOAT, rawData });
    return name;
  }

  /** Adds an int64 constant (ONNX takes Pad's pads as one); returns its name. */
  int64s(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map(BigInt));
    this.initializers.push({ name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }
}

function valueInfo(name: string, dims: Array<number | string>): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** TensorFlow's 'same' padding (the odd pixel at the end) as ONNX pads [top, left, bottom, right]. */
function samePads(input: number[], kernel: number[], strides: number[]): number[] {
  const [begin, end] = [0, 1].map(() => [] as number[]);
  for (let d = 0; d < 2; d++) {
    const out = Math.ceil(input[d] / strides[d]);
    const total = Math.max((out - 1) * strides[d] + kernel[d] - input[d], 0);
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
  }
  return [...begin, ...end];
}

const pair = (v: number | number[]) => (Array.isArray(v) ? v : [v, v]);

/** Writes one layer's nodes; returns the name of its output. */
function exportLayer(g: OnnxGraph, layer: tf.layers.Layer, inputs: string[]): string {
  const c = layer.getConfig() as Record<string, unknown>;
  const out = layer.name;
  const weights = layer.getWeights();
  const refuse = (why: string) => {
    throw new Error(`layer ${layer.name} (${layer.getClassName()}): ${why}; it has no ONNX export here`);
  };
  const linear = () =>
    c.activation === undefined || c.activation === 'linear' ? undefined : refuse(`activation ${String(c.activation)}`);
  const spatial = () => ((layer.input as tf.SymbolicTensor).shape as number[]).slice(1, 3);
  switch (layer.getClassName()) {
    case 'InputLayer':
      return NCHW_INPUT;
    case 'Conv2D':
    case 'DepthwiseConv2D': {
      linear();
      const depthwise = layer.getClassName() === 'DepthwiseConv2D';
      const kernel = pair(c.kernelSize as number | number[]);
      const strides = pair(c.strides as number | number[]);
      if (pair(c.dilationRate as number | number[]).some((d) => d !== 1)) refuse('dilation');
      // Conv2D kernels are HWIO -> OIHW; depthwise ones HW(C)(1) -> (C)(1)HW, one group per channel.
      const w = permutedValues(weights[0], depthwise ? [2, 3, 0, 1] : [3, 2, 0, 1]);
      const dims = depthwise ? [w.shape[0] * w.shape[1], 1, w.shape[2], w.shape[3]] : w.shape;
      const names = [inputs[0], g.weight(`${out}/kernel`, w.values, dims)];
      if (weights[1]) names.push(g.weight(`${out}/bias`, weights[1].dataSync() as Float32Array, weights[1].shape));
      const pads = c.padding === 'same' ? samePads(spatial(), kernel, strides) : [0, 0, 0, 0];
      g.node('Conv', names, [out], {
        kernel_shape: kernel,
        strides,
        pads,
        ...(depthwise ? { group: dims[0] } : {}),
      });
      return out;
    }
    case 'BatchNormalization': {
      const channels = weights[weights.length - 1].shape[0];
      const ones = new Float32Array(channels).fill(1);
      let k = 0;
      const gamma = c.scale === false ? ones : (weights[k++].dataSync() as Float32Array);
      const beta = c.center === false ? new Float32Array(channels) : (weights[k++].dataSync() as Float32Array);
      const [mean, variance] = [weights[k], weights[k + 1]].map((t) => t.dataSync() as Float32Array);
      const names = [
        ['gamma', gamma],
        ['beta', beta],
        ['moving_mean', mean],
        ['moving_variance', variance],
      ].map(([n, v]) => g.weight(`${out}/${n as string}`, v as Float32Array, [channels]));
      g.node('BatchNormalization', [inputs[0], ...names], [out], { epsilon: c.epsilon as number });
      return out;
    }
    case 'ReLU':
      if (c.maxValue != null) refuse('a capped ReLU');
      g.node('Relu', inputs, [out], {});
      return out;
    case 'Add':
      g.node('Sum', inputs, [out], {});
      return out;
    case 'Concatenate':
      if (c.axis !== -1 && c.axis !== 3) refuse(`concatenation on axis ${String(c.axis)}`);
      g.node('Concat', inputs, [out], { axis: 1 });
      return out;
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const kernel = pair(c.poolSize as number | number[]);
      const strides = pair((c.strides as number | number[] | null) ?? kernel);
      const pads = c.padding === 'same' ? samePads(spatial(), kernel, strides) : [0, 0, 0, 0];
      // ONNX's AveragePool leaves pads out of the count by default, as TensorFlow does.
      const op = layer.getClassName() === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool';
      g.node(op, inputs, [out], { kernel_shape: kernel, strides, pads });
      return out;
    }
    case 'ZeroPadding2D': {
      // tfjs keeps [[top, bottom], [left, right]]; ONNX pads every axis of NCHW: begins, then ends.
      const [[top, bottom], [left, right]] = c.padding as number[][];
      g.node('Pad', [inputs[0], g.int64s(`${out}/pads`, [0, 0, top, left, 0, 0, bottom, right])], [out], {});
      return out;
    }
    case 'GlobalAveragePooling2D':
      g.node('GlobalAveragePool', inputs, [`${out}/nc11`], {});
      g.node('Flatten', [`${out}/nc11`], [out], { axis: 1 });
      return out;
    case 'Dense': {
      linear();
      const kernel = g.weight(`${out}/kernel`, weights[0].dataSync() as Float32Array, weights[0].shape);
      const bias = weights[1] ? [g.weight(`${out}/bias`, weights[1].dataSync() as Float32Array, weights[1].shape)] : [];
      g.node('Gemm', [inputs[0], kernel, ...bias], [out], {});
      return out;
    }
    default:
      return refuse('an unknown layer');
  }
}
