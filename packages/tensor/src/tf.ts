// The one TensorFlow.js namespace the project uses: core ops plus the layers API.
// Every package imports tensors from here so that all share one engine instance.
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
