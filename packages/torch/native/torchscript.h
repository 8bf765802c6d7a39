// TorchScript modules (torch.jit.save) as suspects: loaded and run by libtorch, outside tfjs.
#pragma once
#include <napi.h>

namespace fpb {
void registerTorchScript(Napi::Env env, Napi::Object exports);
}
