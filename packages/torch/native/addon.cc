// The torch backend's native side: libtorch tensors held in a table per JS thread (every worker thread
// loads the addon and owns its tensors), copied in and out as typed arrays, freed when JS says so.
#define NAPI_VERSION 8
#include <napi.h>

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/api/include/torch/version.h>

#include <malloc.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "ops.h"
#include "torchscript.h"

namespace {

struct Store {
  std::unordered_map<uint32_t, at::Tensor> tensors;
  uint32_t next = 1;
  at::Device device = at::kCPU;
  // Bytes of the distinct storages held (views share their base's), and their high-water mark: what a
  // worker needs, read like the wasm heap's size (it only grows).
  std::unordered_map<const void*, uint32_t> storageUsers;
  double bytes = 0;
  double peakBytes = 0;
};
thread_local Store store;

void countStorage(const at::Tensor& t, int delta) {
  const void* impl = t.storage().unsafeGetStorageImpl();
  uint32_t& users = store.storageUsers[impl];
  if (users == 0 && delta > 0) store.bytes += t.storage().nbytes();
  users += delta;
  if (users == 0) {
    store.bytes -= t.storage().nbytes();
    store.storageUsers.erase(impl);
  }
  store.peakBytes = std::max(store.peakBytes, store.bytes);
}

// dtype codes shared with native_addon.ts: 0 float32, 1 int32, 2 bool.
at::ScalarType scalarTypeOf(int code) {
  switch (code) {
    case 0: return at::kFloat;
    case 1: return at::kInt;
    case 2: return at::kBool;
  }
  throw std::runtime_error("unknown dtype code " + std::to_string(code));
}
int codeOf(at::ScalarType t) {
  switch (t) {
    case at::kFloat: return 0;
    case at::kInt: return 1;
    case at::kBool: return 2;
    default: throw std::runtime_error(std::string("a kernel produced an unsupported dtype ") + c10::toString(t));
  }
}

// tfjs knows float32 and int32: ATen's 64-bit results (indices, sums of bools) are narrowed.
at::Tensor asTfjsType(at::Tensor t) {
  if (t.scalar_type() == at::kLong) return t.to(at::kInt);
  if (t.scalar_type() == at::kDouble) return t.to(at::kFloat);
  return t;
}

uint32_t keep(at::Tensor t) {
  uint32_t id = store.next++;
  auto it = store.tensors.emplace(id, asTfjsType(std::move(t))).first;
  countStorage(it->second, +1);
  return id;
}

const at::Tensor& held(uint32_t id) {
  auto it = store.tensors.find(id);
  if (it == store.tensors.end()) throw std::runtime_error("tensor " + std::to_string(id) + " was already freed");
  return it->second;
}

std::vector<int64_t> intsOf(const Napi::Value& v) {
  auto arr = v.As<Napi::Array>();
  std::vector<int64_t> out(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); ++i) out[i] = arr.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

// Every entry point turns libtorch's errors into one-line JS errors.
template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F f) {
  try {
    c10::InferenceMode inference;
    return f();
  } catch (const c10::Error& e) {
    throw Napi::Error::New(info.Env(), e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}

// write(typedArray, shape, dtypeCode) -> id
Napi::Value Write(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    auto values = info[0].As<Napi::TypedArray>();
    auto shape = intsOf(info[1]);
    auto type = scalarTypeOf(info[2].As<Napi::Number>().Int32Value());
    auto buffer = values.ArrayBuffer();
    auto* bytes = static_cast<uint8_t*>(buffer.Data()) + values.ByteOffset();
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(type));
    if (static_cast<size_t>(t.nbytes()) != values.ByteLength())
      throw std::runtime_error("write: " + std::to_string(values.ByteLength()) + " bytes for a tensor of " +
                               std::to_string(t.nbytes()));
    std::memcpy(t.data_ptr(), bytes, t.nbytes());
    return Napi::Number::New(info.Env(), keep(store.device.is_cpu() ? t : t.to(store.device)));
  });
}

// read(id) -> Float32Array | Int32Array | Uint8Array (a copy)
Napi::Value Read(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    at::Tensor t = held(info[0].As<Napi::Number>().Uint32Value()).to(at::kCPU).contiguous();
    auto buffer = Napi::ArrayBuffer::New(info.Env(), t.nbytes());
    std::memcpy(buffer.Data(), t.data_ptr(), t.nbytes());
    switch (codeOf(t.scalar_type())) {
      case 0: return Napi::Float32Array::New(info.Env(), t.numel(), buffer, 0);
      case 1: return Napi::Int32Array::New(info.Env(), t.numel(), buffer, 0);
      default: return Napi::Uint8Array::New(info.Env(), t.numel(), buffer, 0);
    }
  });
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  auto it = store.tensors.find(info[0].As<Napi::Number>().Uint32Value());
  if (it != store.tensors.end()) {
    countStorage(it->second, -1);
    store.tensors.erase(it);
  }
  return info.Env().Undefined();
}

// live() -> [tensors held, bytes of their distinct storages, the most those bytes have been]
Napi::Value Live(const Napi::CallbackInfo& info) {
  auto out = Napi::Array::New(info.Env(), 3);
  out.Set(0u, Napi::Number::New(info.Env(), store.tensors.size()));
  out.Set(1u, Napi::Number::New(info.Env(), store.bytes));
  out.Set(2u, Napi::Number::New(info.Env(), store.peakBytes));
  return out;
}

// op(name, inputIds, ints, floats) -> [id, dtypeCode, rank, ...shape] per output, flat: one call per kernel.
Napi::Value RunOp(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    std::string name = info[0].As<Napi::String>().Utf8Value();
    fpb::Op op = fpb::findOp(name);
    if (op == nullptr) throw std::runtime_error("the torch addon has no op '" + name + "'");
    fpb::OpArgs args;
    args.device = store.device;
    auto ids = info[1].As<Napi::Array>();
    for (uint32_t i = 0; i < ids.Length(); ++i) args.tensors.push_back(held(ids.Get(i).As<Napi::Number>().Uint32Value()));
    args.ints = intsOf(info[2]);
    auto floats = info[3].As<Napi::Array>();
    for (uint32_t i = 0; i < floats.Length(); ++i) args.floats.push_back(floats.Get(i).As<Napi::Number>().DoubleValue());
    auto outs = op(args);
    auto env = info.Env();
    auto flat = Napi::Array::New(env);
    uint32_t n = 0;
    for (auto& out : outs) {
      uint32_t id = keep(std::move(out));
      const at::Tensor& t = store.tensors.at(id);
      flat.Set(n++, Napi::Number::New(env, id));
      flat.Set(n++, Napi::Number::New(env, codeOf(t.scalar_type())));
      flat.Set(n++, Napi::Number::New(env, t.dim()));
      for (int64_t d = 0; d < t.dim(); ++d) flat.Set(n++, Napi::Number::New(env, t.size(d)));
    }
    return flat;
  });
}

// setup(device 'cpu'|'cuda', threads) on this thread -> undefined; throws one line when impossible.
Napi::Value Setup(const Napi::CallbackInfo& info) {
  return guarded(info, [&]() -> Napi::Value {
    std::string device = info[0].As<Napi::String>().Utf8Value();
    if (device == "cuda") {
      if (!at::hasCUDA()) throw std::runtime_error("this libtorch sees no CUDA GPU (built without CUDA, or no GPU visible)");
      store.device = at::Device(at::kCUDA, 0);
    } else {
      store.device = at::kCPU;
    }
    // Per calling thread under OpenMP: each worker thread keeps its own count.
    at::set_num_threads(info[1].As<Napi::Number>().Int32Value());
    // Activations of a training step are freed and allocated again every step: with glibc's defaults
    // the large ones go back to the kernel and come back as page faults. Keeping them in the heap
    // measured +10% training speed (bench:training, ResNet-8 w16, 768 -> 841 img/s); the process keeps
    // its high-water memory instead of returning it between steps.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
    return info.Env().Undefined();
  });
}

// about() -> { version, cuda, threads }
Napi::Value About(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto out = Napi::Object::New(env);
  out.Set("version", TORCH_VERSION);
  out.Set("cuda", at::hasCUDA());
  out.Set("threads", at::get_num_threads());
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("write", Napi::Function::New(env, Write));
  exports.Set("read", Napi::Function::New(env, Read));
  exports.Set("free", Napi::Function::New(env, Free));
  exports.Set("live", Napi::Function::New(env, Live));
  exports.Set("op", Napi::Function::New(env, RunOp));
  exports.Set("setup", Napi::Function::New(env, Setup));
  exports.Set("about", Napi::Function::New(env, About));
  fpb::registerTorchScript(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(fpb_torch, Init)
