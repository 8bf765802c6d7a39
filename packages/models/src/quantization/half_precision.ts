import { tf } from '@fpb/tensor';

/** IEEE half precision: 10 stored mantissa bits, exponents down to -14 (then subnormal), at most 65504. */
const MANTISSA_BITS = 10;
const MIN_EXPONENT = -14;
const HALF_MAX = 65504;

/** A float32 rounded to the nearest float16 (ties to even), kept as a float32. */
export function roundToHalf(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const exponent = Math.max(Math.floor(Math.log2(Math.abs(v))), MIN_EXPONENT);
  const ulp = 2 ** (exponent - MANTISSA_BITS);
  const r = roundHalfEven(v / ulp) * ulp;
  return Math.max(-HALF_MAX, Math.min(HALF_MAX, r));
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The same rounding as tensor ops (tf.round rounds ties to even), for activations inside a model. */
export function halfPrecision(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const magnitude = tf.maximum(tf.abs(x), 1e-30);
    const exponent = tf.maximum(tf.floor(tf.div(tf.log(magnitude), Math.LN2)), MIN_EXPONENT);
    const ulp = tf.pow(2, tf.sub(exponent, MANTISSA_BITS));
    return tf.clipByValue(tf.mul(tf.round(tf.div(x, ulp)), ulp), -HALF_MAX, HALF_MAX);
  });
}
