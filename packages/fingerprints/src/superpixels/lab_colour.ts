/** sRGB in [0, 1] to CIE L*a*b* (D65), as scikit-image's rgb2lab: the colour space quickshift measures in. */
export function rgbToLab(r: number, g: number, b: number): [number, number, number] {
  const linear = (c: number) => (c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92);
  const [lr, lg, lb] = [linear(r), linear(g), linear(b)];
  const x = (0.412453 * lr + 0.35758 * lg + 0.180423 * lb) / 0.95047;
  const y = 0.212671 * lr + 0.71516 * lg + 0.072169 * lb;
  const z = (0.019334 * lr + 0.119193 * lg + 0.950227 * lb) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
