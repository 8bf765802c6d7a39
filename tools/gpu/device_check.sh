#!/usr/bin/env bash
# The GPU checks of the torch backend in one script, for a bare GPU machine with PyTorch (CUDA) in its
# Python and no network, in under 5 minutes: the machine, the addon built against that PyTorch's
# libtorch, bench:training on the GPU beside PyTorch on the same GPU, --device cuda's refusal without
# a GPU, and one paper-scale victim epoch (ResNet-18) on a cut CIFAR-10 with its images per second.
#
# Prepare on your machine (what travels must stay under the device tool's 64 MiB):
#   npx nx run runner:pack                     # .gpu-app/, ~10 MiB: the runner, bench and torch-build
#   tools/gpu/cut_cifar.sh .gpu-data 1000 2000 # ~22 MiB of CIFAR-10
# Run there, from the project root (carry .gpu-app and .gpu-data, and a node folder if it has none):
#   tools/gpu/device_check.sh 2>&1 | tee device_check.log
# DEVICE=cpu PYTHON=<python with torch> runs the same steps on a CPU machine (a dry run).
set -uo pipefail
device=${DEVICE:-cuda}
python=${PYTHON:-python3}
app=${APP:-.gpu-app/run.sh}
data=${DATA:-.gpu-data}
export FPB_APP_DIR=${FPB_APP_DIR:-/tmp/fpb-app-check}
[ -f .gpu/enter.sh ] && source .gpu/enter.sh # a node brought along, if the machine has none
step() { printf '\n== %s (%s s)\n' "$*" "$SECONDS"; }

step machine
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
echo "node $(node --version 2>&1), $(g++ --version 2>&1 | head -1), $(nproc) cores"
"$python" -c 'import torch, os; print("pytorch", torch.__version__, "cuda", torch.version.cuda, "gpu", torch.cuda.is_available(), os.path.dirname(torch.__file__))' || exit 1

step "the addon against this PyTorch's libtorch"
LIBTORCH=$("$python" -c 'import torch, os; print(os.path.dirname(torch.__file__))')
export LIBTORCH
"$app" torch-build || exit 1

step "bench:training on $device, PyTorch on the same device"
FPB_DEVICE=$device FPB_PYTHON=$python timeout 150 "$app" bench-training --backends torch --seconds 8

step "--device cuda where no GPU is visible: one line, before any work"
CUDA_VISIBLE_DEVICES= FPB_DEVICE=cuda timeout 60 "$app" bench-training --backends torch --seconds 1 --no-pytorch

step "one paper-scale victim epoch on $device (ResNet-18, cut CIFAR-10: see the images per second)"
timeout 120 "$app" fpb train-victim --scale paper --epochs 1 --backend torch --device "$device" \
  --data-dir "$data" --partial-data --cache-dir "$(mktemp -d)" --no-progress
step done
