// Jest runs each spec in a VM context with its own typed-array constructors; onnxruntime-node builds
// its output tensors from this process's own and then checks them with `instanceof` against the
// context's, and fails. The specs get the process's constructors, as the product itself has them.
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

const TYPED_ARRAYS = [
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
  'ArrayBuffer',
];

class ProcessTypedArrayEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = ProcessTypedArrayEnvironment;
