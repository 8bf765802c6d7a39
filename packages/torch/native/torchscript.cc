// A suspect that PyTorch saved as TorchScript (torch.jit.trace / script, then save) runs here as it
// runs in PyTorch: libtorch loads the program and calls its forward. Images in and outputs out are
// copied typed arrays; modules live in a per-thread table like the backend's tensors.
#define NAPI_VERSION 8
#include "torchscript.h"

#include <torch/csrc/jit/serialization/pickle.h>
#include <torch/script.h>

#include <fstream>
#include <iterator>
#include <unordered_map>

namespace {

struct Modules {
  std::unordered_map<uint32_t, torch::jit::Module> byId;
  uint32_t next = 1;
};
thread_local Modules modules;

// Runs `body`, turning a libtorch error into a JS error of its first line.
template <typename F>
Napi::Value guardedScript(const Napi::CallbackInfo& info, F body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::string what = e.what();
    Napi::Error::New(info.Env(), what.substr(0, what.find('\n'))).ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
}

// A tensor copied out as {values: Float32Array, shape: number[]}.
Napi::Object TensorObject(Napi::Env env, const at::Tensor& t) {
  at::Tensor y = t.detach().to(at::kFloat).contiguous();
  auto values = Napi::Float32Array::New(env, y.numel());
  std::memcpy(values.Data(), y.data_ptr<float>(), y.numel() * sizeof(float));
  auto shape = Napi::Array::New(env);
  for (int64_t d = 0; d < y.dim(); ++d) shape.Set(static_cast<uint32_t>(d), Napi::Number::New(env, y.size(d)));
  auto out = Napi::Object::New(env);
  out.Set("values", values);
  out.Set("shape", shape);
  return out;
}

// scriptLoad(path) -> module id
Napi::Value ScriptLoad(const Napi::CallbackInfo& info) {
  return guardedScript(info, [&]() -> Napi::Value {
    torch::jit::Module m = torch::jit::load(info[0].As<Napi::String>().Utf8Value(), at::kCPU);
    m.eval();
    uint32_t id = modules.next++;
    modules.byId.emplace(id, std::move(m));
    return Napi::Number::New(info.Env(), id);
  });
}

// scriptRun(id, values, shape) -> Float32Array of the forward's (single tensor) output, flat
Napi::Value ScriptRun(const Napi::CallbackInfo& info) {
  return guardedScript(info, [&]() -> Napi::Value {
    auto it = modules.byId.find(info[0].As<Napi::Number>().Uint32Value());
    if (it == modules.byId.end()) throw std::runtime_error("the TorchScript module was already freed");
    auto values = info[1].As<Napi::Float32Array>();
    auto dims = info[2].As<Napi::Array>();
    std::vector<int64_t> shape;
    for (uint32_t i = 0; i < dims.Length(); ++i) shape.push_back(dims.Get(i).As<Napi::Number>().Int64Value());
    torch::NoGradGuard noGrad;
    at::Tensor x = torch::from_blob(values.Data(), shape, at::kFloat).clone();
    c10::IValue out = it->second.forward({x});
    if (!out.isTensor()) throw std::runtime_error("its forward returns " + out.tagKind() + ", not one tensor of logits");
    return TensorObject(info.Env(), out.toTensor());
  });
}

// scriptFree(id)
Napi::Value ScriptFree(const Napi::CallbackInfo& info) {
  modules.byId.erase(info[0].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

// One named float tensor as {name, shape, values}.
Napi::Object NamedTensor(Napi::Env env, const std::string& name, const at::Tensor& t) {
  Napi::Object out = TensorObject(env, t);
  out.Set("name", name);
  return out;
}

// scriptTensors(path) -> [{name, shape, values}] of the file's floating-point weights in the order
// the model registered them: a TorchScript module's parameters and buffers module by module, or a
// state dict's entries (torch.save(model.state_dict(), path)) in its own order. Integer buffers
// (BatchNorm's num_batches_tracked) are left out.
Napi::Value ScriptTensors(const Napi::CallbackInfo& info) {
  return guardedScript(info, [&]() -> Napi::Value {
    std::string path = info[0].As<Napi::String>().Utf8Value();
    Napi::Env env = info.Env();
    auto list = Napi::Array::New(env);
    uint32_t n = 0;
    auto add = [&](const std::string& name, const at::Tensor& t) {
      if (at::isFloatingType(t.scalar_type())) list.Set(n++, NamedTensor(env, name, t));
    };
    try {
      torch::jit::Module m = torch::jit::load(path, at::kCPU);
      for (const auto& sub : m.named_modules()) {
        std::string prefix = sub.name.empty() ? "" : sub.name + ".";
        for (const auto& p : sub.value.named_parameters(false)) add(prefix + p.name, p.value);
        for (const auto& b : sub.value.named_buffers(false)) add(prefix + b.name, b.value);
      }
      return list;
    } catch (const c10::Error&) {
      // not TorchScript: read it as a pickled state dict below
    }
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    c10::IValue value;
    try {
      value = torch::jit::pickle_load(bytes);
    } catch (const c10::Error& e) {
      // libtorch's unpickler cannot set the OrderedDict attributes that state_dict() pickles.
      std::string what = e.what();
      throw std::runtime_error("libtorch reads neither a TorchScript module nor a plain dict of tensors from it (" +
                               what.substr(0, what.find('\n')) +
                               "); a state dict must be saved as torch.save(dict(model.state_dict()), path)");
    }
    if (!value.isGenericDict()) throw std::runtime_error("it holds " + value.tagKind() + ", not a state dict of tensors");
    for (const auto& entry : value.toGenericDict()) {
      if (!entry.key().isString() || !entry.value().isTensor()) continue;
      add(entry.key().toStringRef(), entry.value().toTensor());
    }
    return list;
  });
}

}  // namespace

namespace fpb {
void registerTorchScript(Napi::Env env, Napi::Object exports) {
  exports.Set("scriptLoad", Napi::Function::New(env, ScriptLoad));
  exports.Set("scriptRun", Napi::Function::New(env, ScriptRun));
  exports.Set("scriptFree", Napi::Function::New(env, ScriptFree));
  exports.Set("scriptTensors", Napi::Function::New(env, ScriptTensors));
}
}  // namespace fpb
