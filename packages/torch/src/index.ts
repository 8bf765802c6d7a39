export { registerTorchBackend, type TorchOptions, type TorchStarted } from './register_torch_backend';
export { torchUnavailableReason, TorchUnavailableError, type NamedWeight, type TorchDevice } from './native_addon';
export { findLibtorch, LibtorchNotFoundError, type LibtorchLocation } from './libtorch_location';
export { TorchBackend } from './torch_backend';
export { TORCH_KERNELS } from './kernels/torch_kernels';
export { loadTorchScript, readTorchWeights, type TorchScriptModule } from './torchscript_module';
