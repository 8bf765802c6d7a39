import { onnx } from 'onnx-proto';
import type { ForeignLayer, ForeignWeights, WeightTensor } from './foreign_layers';
import { runningOrder } from './running_order';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** An initializer's values: ONNX keeps floats either as raw little-endian bytes or as a list. */
function tensorOf(t: onnx.ITensorProto, source: string): WeightTensor {
  if (t.dataType !== FLOAT) throw new Error(`${source}: weight ${t.name} is not float32 (ONNX type ${t.dataType})`);
  const shape = (t.dims ?? []).map(Number);
  const raw = t.rawData;
  const values =
    raw && raw.length > 0
      ? new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))
      : Float32Array.from(t.floatData ?? []);
  return { shape, values };
}

/** [out, in] from a weight kept [in, out] (MatMul, Gemm without transB). */
function transposed2d({ shape: [rows, cols], values }: WeightTensor): WeightTensor {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return { shape: [cols, rows], values: out };
}

const attribute = (n: onnx.INodeProto, name: string) => n.attribute?.find((a) => a.name === name);
const ints = (n: onnx.INodeProto, name: string) => (attribute(n, name)?.ints ?? []).map(Number);

/**
 * An ONNX graph's weight layers in running order, branch by branch:
 * Conv, BatchNormalization, Gemm, and MatMul on a weight with the Add of its bias. Strided Conv pads
 * tell whose padding the model was trained with.
 */
export function layersFromOnnx(bytes: Uint8Array, source: string): ForeignWeights {
  const graph = onnx.ModelProto.decode(bytes).graph;
  if (!graph) throw new Error(`${source}: no ONNX graph in it`);
  const weights = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const producers = new Map<string, onnx.INodeProto>();
  for (const node of graph.node ?? []) for (const out of node.output ?? []) producers.set(out, node);
  // Without constant folding, exporters reach a shared weight through Identity and keep some as Constant nodes.
  const stored = (name: string | undefined): onnx.ITensorProto | undefined => {
    if (name === undefined) return undefined;
    const producer = producers.get(name);
    if (producer?.opType === 'Identity') return stored(producer.input?.[0]);
    if (producer?.opType === 'Constant') return attribute(producer, 'value')?.t ?? undefined;
    return weights.get(name);
  };
  const weight = (name: string | undefined) => {
    const t = stored(name);
    return t ? tensorOf(t, source) : undefined;
  };
  const layers: ForeignLayer[] = [];
  let padding: ForeignWeights['padding'];
  const nodes = runningOrder(
    (graph.output ?? []).map((o) => producers.get(o.name ?? '')),
    (node) => (node.input ?? []).map((i) => producers.get(i)),
  );
  for (const node of nodes) {
    const [, w, b, ...rest] = node.input ?? [];
    const name = node.name || (node.output ?? [])[0] || node.opType || '?';
    switch (node.opType) {
      case 'Conv': {
        layers.push({ kind: 'conv', name, weight: needed(weight(w), name, source), bias: weight(b) });
        const [strides, pads] = [ints(node, 'strides'), ints(node, 'pads')];
        if (strides.some((s) => s > 1) && pads.some((p) => p > 0))
          padding = pads[0] === pads[2] && pads[1] === pads[3] ? 'symmetric' : 'same';
        break;
      }
      case 'BatchNormalization':
        layers.push({
          kind: 'batchnorm',
          name,
          scale: needed(weight(w), name, source),
          bias: needed(weight(b), name, source),
          mean: needed(weight(rest[0]), name, source),
          variance: needed(weight(rest[1]), name, source),
          epsilon: attribute(node, 'epsilon')?.f ?? 1e-5,
        });
        break;
      case 'Gemm': {
        const kernel = needed(weight(w), name, source);
        const transB = Number(attribute(node, 'transB')?.i ?? 0) === 1;
        layers.push({ kind: 'dense', name, weight: transB ? kernel : transposed2d(kernel), bias: weight(b) });
        break;
      }
      case 'MatMul': {
        const kernel = weight(w);
        if (kernel) layers.push({ kind: 'dense', name, weight: transposed2d(kernel) });
        break;
      }
      case 'Add': {
        // A MatMul's bias: the Add right after it that adds a weight.
        const last = layers[layers.length - 1];
        const bias = weight(w) ?? weight(node.input?.[0]);
        if (last?.kind === 'dense' && !last.bias && bias) last.bias = bias;
        break;
      }
    }
  }
  return { layers, padding };
}

function needed(t: WeightTensor | undefined, node: string, source: string): WeightTensor {
  if (!t)
    throw new Error(
      `${source}: node ${node} takes a weight that is computed, not stored; export it with its weights stored (initializers)`,
    );
  return t;
}
