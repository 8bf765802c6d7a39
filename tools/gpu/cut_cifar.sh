#!/usr/bin/env bash
# Writes a cut CIFAR-10 (the first TRAIN records of each training batch, TEST of the test batch) that
# fits a device machine's 64 MiB carry; the runner reads it with --partial-data.
# Usage: tools/gpu/cut_cifar.sh OUT [TRAIN_PER_BATCH=1000] [TEST=2000] [FROM=the per-user data cache]
set -euo pipefail
out=${1:?usage: cut_cifar.sh OUT [TRAIN_PER_BATCH] [TEST] [FROM]}
train=${2:-1000}
test=${3:-2000}
from=${4:-${FPB_CACHE_DIR:-$HOME/.cache/fingerprint-bench}/data/cifar-10-batches-bin}
[ -f "$from/test_batch.bin" ] || { echo "cut_cifar: no CIFAR-10 in $from: run npx nx run data:fetch or give FROM" >&2; exit 1; }
record=3073 # one label byte and 32x32x3 pixel bytes
mkdir -p "$out/cifar-10-batches-bin"
for k in 1 2 3 4 5; do head -c $((train * record)) "$from/data_batch_$k.bin" >"$out/cifar-10-batches-bin/data_batch_$k.bin"; done
head -c $((test * record)) "$from/test_batch.bin" >"$out/cifar-10-batches-bin/test_batch.bin"
cp "$from/batches.meta.txt" "$out/cifar-10-batches-bin/"
echo "cut_cifar: $((5 * train)) training and $test test images in $out ($(du -sh "$out" | cut -f1))"
