// ATen implementations of the tfjs kernels the project runs (see ops.h for the calling convention).
#include "ops.h"

#include <limits>
#include <map>
#include <unordered_map>

namespace fpb {
namespace {

using T = at::Tensor;
using Out = std::vector<T>;

Out one(T t) { return {std::move(t)}; }

// ---- layout: tfjs keeps images NHWC and filters HWIO; ATen convolves NCHW / OIHW.
T nchw(const T& x) { return x.permute({0, 3, 1, 2}); }  // a channels_last view, no copy
T nhwc(const T& y) { return y.permute({0, 2, 3, 1}); }
T oihw(const T& w) { return w.permute({3, 2, 0, 1}); }
T hwio(const T& g) { return g.permute({2, 3, 1, 0}); }
// Depthwise filters [kh, kw, in, mult] are grouped convolutions with in groups of mult outputs.
T depthwiseOihw(const T& w) {
  auto s = w.sizes();
  return w.reshape({s[0], s[1], s[2] * s[3], 1}).permute({2, 3, 0, 1});
}
T depthwiseHwim(const T& g, int64_t in, int64_t mult) {
  auto s = g.sizes();
  return g.permute({2, 3, 0, 1}).reshape({s[2], s[3], in, mult});
}

// Convolution geometry packed by the kernels: stride h,w; pads top,bottom,left,right; dilation h,w.
struct Geometry {
  std::vector<int64_t> stride, dilation;
  int64_t top, bottom, left, right;
  bool symmetric() const { return top == bottom && left == right; }
  std::vector<int64_t> padding() const { return symmetric() ? std::vector<int64_t>{top, left} : std::vector<int64_t>{0, 0}; }
  // Asymmetric 'same' padding (stride 2 on even sizes) is applied explicitly before the op.
  T padInput(const T& x, double value = 0) const {
    return symmetric() ? x : at::constant_pad_nd(x, {left, right, top, bottom}, value);
  }
};
Geometry geometry(const std::vector<int64_t>& i, size_t at) {
  return {{i[at], i[at + 1]}, {i[at + 6], i[at + 7]}, i[at + 2], i[at + 3], i[at + 4], i[at + 5]};
}

enum Activation { kLinear = 0, kRelu, kRelu6, kElu, kLeakyRelu, kSigmoid, kPrelu };
T activate(const T& x, int64_t kind, double alpha, const T* prelu) {
  switch (kind) {
    case kLinear: return x;
    case kRelu: return at::relu(x);
    case kRelu6: return at::clamp(x, 0, 6);
    case kElu: return at::elu(x);
    case kLeakyRelu: return at::leaky_relu(x, alpha);
    case kSigmoid: return at::sigmoid(x);
    case kPrelu: return at::where(x > 0, x, x * *prelu);
  }
  throw std::runtime_error("unknown fused activation " + std::to_string(kind));
}

// ---- elementwise
#define UNARY(name, expr) \
  Out name(const OpArgs& a) { const T& x = a.tensors[0]; return one(expr); }
UNARY(abs, at::abs(x))
UNARY(neg, at::neg(x))
UNARY(exp, at::exp(x))
UNARY(log, at::log(x))
UNARY(log1p, at::log1p(x))
UNARY(sqrt, at::sqrt(x))
UNARY(rsqrt, at::rsqrt(x))
UNARY(square, at::square(x))
UNARY(sign, at::sign(x))
UNARY(sigmoid, at::sigmoid(x))
UNARY(relu, at::relu(x))
UNARY(floor, at::floor(x))
UNARY(round, at::round(x))
UNARY(tanh, at::tanh(x))
UNARY(logical_not, at::logical_not(x))
UNARY(zeros_like, at::zeros_like(x, at::MemoryFormat::Contiguous))
UNARY(ones_like, at::ones_like(x, at::MemoryFormat::Contiguous))
UNARY(identity, x)
// tfjs Step: 1 where x > 0, alpha elsewhere, NaN kept. ReLU's gradient: comparisons written straight
// into float (a bool tensor cast afterwards costs 7x), NaN restored by clamp(x, 0, 0), which keeps only NaN.
Out step(const OpArgs& a) {
  const T& x = a.tensors[0];
  T s = at::empty_like(x);
  at::gt_out(s, x, 0);
  if (a.floats[0] != 0) {
    T atMost = at::empty_like(x);
    s.add_(at::le_out(atMost, x, 0), a.floats[0]);
  }
  return one(s.add_(at::clamp(x, 0, 0)));
}
Out leaky_relu(const OpArgs& a) { return one(at::leaky_relu(a.tensors[0], a.floats[0])); }
Out clip(const OpArgs& a) { return one(at::clamp(a.tensors[0], a.floats[0], a.floats[1])); }

#define BINARY(name, expr) \
  Out name(const OpArgs& a) { const T& x = a.tensors[0]; const T& y = a.tensors[1]; return one(expr); }
BINARY(add, at::add(x, y))
BINARY(sub, at::sub(x, y))
BINARY(mul, at::mul(x, y))
BINARY(div, at::div(x, y))
// tfjs FloorDiv answers int32 whatever its inputs.
BINARY(floor_div, at::div(x, y, "floor").to(at::kInt))
BINARY(pow, at::pow(x, y))
BINARY(maximum, at::maximum(x, y))
BINARY(minimum, at::minimum(x, y))
BINARY(squared_difference, at::square(at::sub(x, y)))
BINARY(mod, at::remainder(x, y))
BINARY(equal, at::eq(x, y))
BINARY(not_equal, at::ne(x, y))
BINARY(less, at::lt(x, y))
BINARY(less_equal, at::le(x, y))
BINARY(greater, at::gt(x, y))
BINARY(greater_equal, at::ge(x, y))
BINARY(logical_and, at::logical_and(x, y))
BINARY(logical_or, at::logical_or(x, y))

Out add_n(const OpArgs& a) {
  T sum = a.tensors[0];
  for (size_t i = 1; i < a.tensors.size(); ++i) sum = at::add(sum, a.tensors[i]);
  return one(sum);
}
// tfjs Select: a rank-1 condition picks whole rows of higher-rank operands.
Out select(const OpArgs& a) {
  T c = a.tensors[0].to(at::kBool);
  const T& t = a.tensors[1];
  if (c.dim() == 1 && t.dim() > 1) {
    std::vector<int64_t> shape(t.dim(), 1);
    shape[0] = c.size(0);
    c = c.reshape(shape);
  }
  return one(at::where(c, t, a.tensors[2]));
}

// ---- reductions: ints = [keepDims, axes...]; no axes means nothing to reduce (ATen would reduce all).
std::vector<int64_t> axesOf(const OpArgs& a) { return {a.ints.begin() + 1, a.ints.end()}; }
Out sum(const OpArgs& a) {
  auto axes = axesOf(a);
  const T& x = a.tensors[0];
  if (axes.empty()) return one(x.scalar_type() == at::kBool ? x.to(at::kInt) : x);
  return one(at::sum(x, axes, a.ints[0] != 0));
}
Out mean(const OpArgs& a) {
  auto axes = axesOf(a);
  T x = at::isFloatingType(a.tensors[0].scalar_type()) ? a.tensors[0] : a.tensors[0].to(at::kFloat);
  return one(axes.empty() ? x : at::mean(x, axes, a.ints[0] != 0));
}
Out max(const OpArgs& a) {
  auto axes = axesOf(a);
  return one(axes.empty() ? a.tensors[0] : at::amax(a.tensors[0], axes, a.ints[0] != 0));
}
Out min(const OpArgs& a) {
  auto axes = axesOf(a);
  return one(axes.empty() ? a.tensors[0] : at::amin(a.tensors[0], axes, a.ints[0] != 0));
}
template <bool kAll>
Out logical_reduce(const OpArgs& a) {
  auto axes = axesOf(a);
  std::sort(axes.rbegin(), axes.rend());
  T x = a.tensors[0].to(at::kBool);
  for (int64_t d : axes) x = kAll ? at::all(x, d, a.ints[0] != 0) : at::any(x, d, a.ints[0] != 0);
  return one(x);
}
Out argmax(const OpArgs& a) { return one(at::argmax(a.tensors[0], a.ints[0])); }
Out argmin(const OpArgs& a) { return one(at::argmin(a.tensors[0], a.ints[0])); }
Out softmax(const OpArgs& a) { return one(at::softmax(a.tensors[0], a.ints[0])); }

// ---- shapes
Out reshape(const OpArgs& a) { return one(a.tensors[0].reshape(a.ints)); }
Out transpose(const OpArgs& a) { return one(a.tensors[0].permute(a.ints)); }
// ints = dtype code: 0 float32, 1 int32, 2 bool (as in native_addon.ts).
Out cast(const OpArgs& a) {
  static const at::ScalarType kinds[] = {at::kFloat, at::kInt, at::kBool};
  return one(a.tensors[0].to(kinds[a.ints[0]]));
}
// ints = [begin..., size...]
Out slice(const OpArgs& a) {
  T x = a.tensors[0];
  size_t rank = a.ints.size() / 2;
  for (size_t d = 0; d < rank; ++d) x = x.narrow(d, a.ints[d], a.ints[rank + d]);
  return one(x);
}
Out concat(const OpArgs& a) { return one(at::cat(a.tensors, a.ints[0])); }
Out pack(const OpArgs& a) { return one(at::stack(a.tensors, a.ints[0])); }
Out unpack(const OpArgs& a) {
  auto parts = at::unbind(a.tensors[0], a.ints[0]);
  return {parts.begin(), parts.end()};
}
// ints = [before, after] per dimension, tfjs order; ATen lists the last dimension first.
Out pad(const OpArgs& a) {
  std::vector<int64_t> pads;
  for (size_t d = a.ints.size() / 2; d-- > 0;) {
    pads.push_back(a.ints[2 * d]);
    pads.push_back(a.ints[2 * d + 1]);
  }
  return one(at::constant_pad_nd(a.tensors[0], pads, a.floats[0]));
}
// ints = [axis, sizes...]
Out split(const OpArgs& a) {
  std::vector<int64_t> sizes(a.ints.begin() + 1, a.ints.end());
  auto parts = at::split_with_sizes(a.tensors[0], sizes, a.ints[0]);
  return {parts.begin(), parts.end()};
}
Out reverse(const OpArgs& a) { return one(at::flip(a.tensors[0], a.ints)); }
Out tile(const OpArgs& a) { return one(a.tensors[0].repeat(a.ints)); }
// ints = [dtype code, shape...], floats = [value]
Out fill(const OpArgs& a) {
  static const at::ScalarType kinds[] = {at::kFloat, at::kInt, at::kBool};
  std::vector<int64_t> shape(a.ints.begin() + 1, a.ints.end());
  return one(at::full(shape, a.floats[0], at::TensorOptions().dtype(kinds[a.ints[0]]).device(a.device)));
}
// ints = [depth, dtype code], floats = [on, off]; out-of-range indices give rows of `off`, as in tfjs.
Out one_hot(const OpArgs& a) {
  T idx = a.tensors[0].to(at::kLong).unsqueeze(-1);
  T hot = idx == at::arange(a.ints[0], idx.options());
  static const at::ScalarType kinds[] = {at::kFloat, at::kInt, at::kBool};
  auto opts = a.tensors[0].options().dtype(kinds[a.ints[1]]);
  return one(at::where(hot, at::scalar_tensor(a.floats[0], opts), at::scalar_tensor(a.floats[1], opts)));
}

// ---- matrix products: ints = [transposeA, transposeB, (hasBias, activation)]
T matmulOf(const OpArgs& a) {
  T x = a.ints[0] ? a.tensors[0].transpose(-2, -1) : a.tensors[0];
  T y = a.ints[1] ? a.tensors[1].transpose(-2, -1) : a.tensors[1];
  return at::matmul(x, y);
}
Out batch_matmul(const OpArgs& a) { return one(matmulOf(a)); }
Out fused_matmul(const OpArgs& a) {
  T y = matmulOf(a);
  size_t next = 2;
  if (a.ints[2]) y = y + a.tensors[next++];
  const T* prelu = a.ints[3] == kPrelu ? &a.tensors[next] : nullptr;
  return one(activate(y, a.ints[3], a.floats.empty() ? 0.2 : a.floats[0], prelu));
}

// ---- convolutions: ints = geometry (8), then per op extras.
Out conv2d(const OpArgs& a) {
  Geometry g = geometry(a.ints, 0);
  T x = g.padInput(nchw(a.tensors[0]));
  return one(nhwc(at::conv2d(x, oihw(a.tensors[1]), {}, g.stride, g.padding(), g.dilation)));
}
// extras: [hasBias, activation]; floats: [leakyreluAlpha]
Out fused_conv2d(const OpArgs& a) {
  Geometry g = geometry(a.ints, 0);
  size_t next = 2;
  const T* bias = a.ints[8] ? &a.tensors[next++] : nullptr;
  T w = oihw(a.tensors[1]);
  // A per-channel bias joins the convolution; any other broadcastable bias is added after it.
  bool perChannel = bias != nullptr && bias->dim() == 1 && bias->size(0) == w.size(0);
  T x = g.padInput(nchw(a.tensors[0]));
  T y = nhwc(at::conv2d(x, w, perChannel ? c10::optional<T>(*bias) : c10::nullopt, g.stride, g.padding(), g.dilation));
  if (bias != nullptr && !perChannel) y = y + *bias;
  const T* prelu = a.ints[9] == kPrelu ? &a.tensors[next] : nullptr;
  return one(activate(y, a.ints[9], a.floats.empty() ? 0.2 : a.floats[0], prelu));
}
Out depthwise_conv2d(const OpArgs& a) {
  Geometry g = geometry(a.ints, 0);
  T x = g.padInput(nchw(a.tensors[0]));
  int64_t groups = a.tensors[0].size(3);
  return one(nhwc(at::conv2d(x, depthwiseOihw(a.tensors[1]), {}, g.stride, g.padding(), g.dilation, groups)));
}
// convolution_backward wants the forward input even for the input gradient, and touches its memory:
// a fresh buffer per call costs its page faults (2.4 ms against 1.3 ms for a 64x32x32x16 input), so
// each thread keeps one per shape, dropped when they pass 256 MiB.
T shapeOnlyInput(const std::vector<int64_t>& nhwcShape, const at::TensorOptions& options) {
  thread_local std::map<std::vector<int64_t>, T> kept;
  thread_local size_t keptBytes = 0;
  auto it = kept.find(nhwcShape);
  if (it != kept.end() && it->second.options().device() == options.device()) return nchw(it->second);
  T fresh = at::empty(nhwcShape, options);
  if (keptBytes + fresh.nbytes() > (size_t{256} << 20)) {
    kept.clear();
    keptBytes = 0;
  }
  kept[nhwcShape] = fresh;
  keptBytes += fresh.nbytes();
  return nchw(fresh);
}

// The input gradient: ATen's own convolution backward on a shape-only input (its values are unused).
T inputGradient(const T& dy, const T& weight, std::vector<int64_t> inputNhwc, const Geometry& g, int64_t groups) {
  std::vector<int64_t> padded = {inputNhwc[0], inputNhwc[3], inputNhwc[1] + (g.symmetric() ? 0 : g.top + g.bottom),
                                 inputNhwc[2] + (g.symmetric() ? 0 : g.left + g.right)};
  T shapeOnly = shapeOnlyInput({padded[0], padded[2], padded[3], padded[1]}, dy.options());
  auto grads = at::convolution_backward(nchw(dy), shapeOnly, weight, c10::nullopt, g.stride, g.padding(), g.dilation,
                                        false, {0, 0}, groups, {true, false, false});
  T dx = std::get<0>(grads);
  if (!g.symmetric()) dx = dx.narrow(2, g.top, inputNhwc[1]).narrow(3, g.left, inputNhwc[2]);
  return nhwc(dx);
}
T filterGradient(const T& x, const T& dy, std::vector<int64_t> oihwShape, const Geometry& g, int64_t groups) {
  T shapeOnly = at::empty(oihwShape, x.options());
  auto grads = at::convolution_backward(nchw(dy), g.padInput(nchw(x)), shapeOnly, c10::nullopt, g.stride,
                                        g.padding(), g.dilation, false, {0, 0}, groups, {false, true, false});
  return std::get<1>(grads);
}
// extras: input shape NHWC (4)
Out conv2d_backprop_input(const OpArgs& a) {
  Geometry g = geometry(a.ints, 0);
  return one(inputGradient(a.tensors[0], oihw(a.tensors[1]), {a.ints.begin() + 8, a.ints.begin() + 12}, g, 1));
}
Out depthwise_backprop_input(const OpArgs& a) {
  Geometry g = geometry(a.ints, 0);
  std::vector<int64_t> shape(a.ints.begin() + 8, a.ints.begin() + 12);
  return one(inputGradient(a.tensors[0], depthwiseOihw(a.tensors[1]), shape, g, shape[3]));
}
// extras: filter shape HWIO (4)
Out conv2d_backprop_filter(const OpArgs& a) {
  Geometry g = geometry(a.ints, 0);
  const int64_t* f = &a.ints[8];
  return one(hwio(filterGradient(a.tensors[0], a.tensors[1], {f[3], f[2], f[0], f[1]}, g, 1)));
}
// extras: filter shape [kh, kw, in, mult] (4)
Out depthwise_backprop_filter(const OpArgs& a) {
  Geometry g = geometry(a.ints, 0);
  const int64_t* f = &a.ints[8];
  T gw = filterGradient(a.tensors[0], a.tensors[1], {f[2] * f[3], 1, f[0], f[1]}, g, f[2]);
  return one(depthwiseHwim(gw, f[2], f[3]));
}

// ---- pooling: ints = [kh, kw, sh, sw, top, bottom, left, right]
struct Pool {
  std::vector<int64_t> kernel, stride;
  Geometry g;
};
Pool pool(const std::vector<int64_t>& i) { return {{i[0], i[1]}, {i[2], i[3]}, {{}, {}, i[4], i[5], i[6], i[7]}}; }
const double kMinusInf = -std::numeric_limits<double>::infinity();
Out max_pool(const OpArgs& a) {
  Pool p = pool(a.ints);
  T x = p.g.padInput(nchw(a.tensors[0]), kMinusInf);
  return one(nhwc(at::max_pool2d(x, p.kernel, p.stride, p.g.padding())));
}
// tensors = [dy, x]: the argmax positions are recomputed from x, as tfjs's cpu kernel does.
Out max_pool_grad(const OpArgs& a) {
  Pool p = pool(a.ints);
  T x = p.g.padInput(nchw(a.tensors[1]), kMinusInf);
  auto idx = std::get<1>(at::max_pool2d_with_indices(x, p.kernel, p.stride, p.g.padding()));
  T dx = at::max_pool2d_with_indices_backward(nchw(a.tensors[0]), x, p.kernel, p.stride, p.g.padding(), {1, 1},
                                              false, idx);
  if (!p.g.symmetric()) dx = dx.narrow(2, p.g.top, a.tensors[1].size(1)).narrow(3, p.g.left, a.tensors[1].size(2));
  return one(nhwc(dx));
}
// Average pooling counts only real pixels (tfjs's 'same'); the kernels refuse asymmetric pads.
Out avg_pool(const OpArgs& a) {
  Pool p = pool(a.ints);
  return one(nhwc(at::avg_pool2d(nchw(a.tensors[0]), p.kernel, p.stride, p.g.padding(), false, false)));
}
Out avg_pool_grad(const OpArgs& a) {
  Pool p = pool(a.ints);
  // tfjs's gradient divides by the whole window even where the forward pass averaged fewer pixels;
  // the torch backend gives tfjs's numbers (count_include_pad here, unlike in the forward pass).
  return one(nhwc(at::avg_pool2d_backward(nchw(a.tensors[0]), nchw(a.tensors[1]), p.kernel, p.stride,
                                          p.g.padding(), false, true, c10::nullopt)));
}

// ---- batch norm with given statistics: tensors = [x, mean, variance, (offset), (scale)];
// ints = [hasOffset, hasScale], floats = [epsilon]
Out batch_norm(const OpArgs& a) {
  size_t next = 3;
  const T* offset = a.ints[0] ? &a.tensors[next++] : nullptr;
  const T* scale = a.ints[1] ? &a.tensors[next++] : nullptr;
  T inv = at::rsqrt(a.tensors[2] + a.floats[0]);
  if (scale) inv = inv * *scale;
  T y = (a.tensors[0] - a.tensors[1]) * inv;
  return one(offset ? y + *offset : y);
}

const std::unordered_map<std::string, Op>& table() {
  static const std::unordered_map<std::string, Op> ops = {
#define OP(name) {#name, name}
      OP(abs), OP(neg), OP(exp), OP(log), OP(log1p), OP(sqrt), OP(rsqrt), OP(square), OP(sign), OP(sigmoid),
      OP(relu), OP(floor), OP(round), OP(tanh), OP(logical_not), OP(zeros_like), OP(ones_like), OP(identity),
      OP(step), OP(leaky_relu), OP(clip), OP(add), OP(sub), OP(mul), OP(div), OP(floor_div), OP(pow), OP(maximum),
      OP(minimum), OP(squared_difference), OP(mod), OP(equal), OP(not_equal), OP(less), OP(less_equal),
      OP(greater), OP(greater_equal), OP(logical_and), OP(logical_or), OP(add_n), OP(select), OP(sum), OP(mean),
      OP(max), OP(min), {"all", logical_reduce<true>}, {"any", logical_reduce<false>}, OP(argmax), OP(argmin),
      OP(softmax), OP(reshape), OP(transpose), OP(cast), OP(slice), OP(concat), OP(pack), OP(unpack), OP(split), OP(pad),
      OP(reverse), OP(tile), OP(fill), OP(one_hot), OP(batch_matmul), OP(fused_matmul), OP(conv2d), OP(fused_conv2d),
      OP(depthwise_conv2d), OP(conv2d_backprop_input), OP(conv2d_backprop_filter), OP(depthwise_backprop_input),
      OP(depthwise_backprop_filter), OP(max_pool), OP(max_pool_grad), OP(avg_pool), OP(avg_pool_grad),
      OP(batch_norm),
#undef OP
  };
  return ops;
}

}  // namespace

Op findOp(const std::string& name) {
  auto it = table().find(name);
  return it == table().end() ? nullptr : it->second;
}

}  // namespace fpb
