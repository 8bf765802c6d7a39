// The ATen operations behind the torch backend's kernels: one table from op name to a function of
// (tensors, integer attributes, float attributes). The TypeScript kernels pack tfjs attributes into
// these lists; tensors keep tfjs's NHWC layout and convolutions run on channels_last views of them.
#pragma once
#include <ATen/ATen.h>
#include <string>
#include <vector>

namespace fpb {

struct OpArgs {
  std::vector<at::Tensor> tensors;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  at::Device device = at::kCPU;  // where ops that make tensors from nothing put them
};

using Op = std::vector<at::Tensor> (*)(const OpArgs&);

/** The op of that name, or nullptr. */
Op findOp(const std::string& name);

}  // namespace fpb
