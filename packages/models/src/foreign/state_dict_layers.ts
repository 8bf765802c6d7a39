import type { ForeignLayer, ForeignWeights, WeightTensor } from './foreign_layers';

/** A state dict's entry as PyTorch names it (`layer1.0.conv1.weight`). */
export interface NamedTensor extends WeightTensor {
  name: string;
}

/** PyTorch's BatchNorm epsilon: a state dict does not hold it. */
const TORCH_BN_EPSILON = 1e-5;

/**
 * A PyTorch state dict's tensors as weight layers, module by module in the order the model
 * registered them: `weight` of rank 4 is a convolution, of rank 2 a linear layer, `running_mean`
 * marks a BatchNorm. Padding is not in a state dict: the caller says it.
 */
export function layersFromStateDict(tensors: readonly NamedTensor[], source: string): ForeignWeights {
  const modules = new Map<string, Map<string, WeightTensor>>();
  for (const t of tensors) {
    const dot = t.name.lastIndexOf('.');
    const [module, field] = [t.name.slice(0, Math.max(dot, 0)), t.name.slice(dot + 1)];
    if (!modules.has(module)) modules.set(module, new Map());
    modules.get(module)!.set(field, t);
  }
  const layers = [...modules].map(([name, fields]): ForeignLayer => {
    const get = (field: string) => {
      const t = fields.get(field);
      if (!t) throw new Error(`${source}: module ${name} has no ${field}`);
      return t;
    };
    const weight = get('weight');
    if (fields.has('running_mean'))
      return {
        kind: 'batchnorm',
        name,
        scale: weight,
        bias: get('bias'),
        mean: get('running_mean'),
        variance: get('running_var'),
        epsilon: TORCH_BN_EPSILON,
      };
    const bias = fields.get('bias');
    if (weight.shape.length === 4) return { kind: 'conv', name, weight, bias };
    if (weight.shape.length === 2) return { kind: 'dense', name, weight, bias };
    throw new Error(
      `${source}: module ${name} holds a weight of shape [${weight.shape.join(', ')}]; only convolutions, BatchNorm and linear layers are read`,
    );
  });
  return { layers };
}
