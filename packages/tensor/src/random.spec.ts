import { createRng, deriveSeed, permutation, randomNormal } from './random';

describe('seeded randomness', () => {
  it('the same seed gives the same stream, another seed another stream', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    for (const v of sa) expect(v >= 0 && v < 1).toBe(true);
  });

  it('derived seeds are stable, distinct per label, and 31-bit', () => {
    expect(deriveSeed(1, 'split')).toBe(deriveSeed(1, 'split'));
    expect(deriveSeed(1, 'split')).not.toBe(deriveSeed(1, 'weights'));
    expect(deriveSeed(1, 'epoch', 2)).not.toBe(deriveSeed(1, 'epoch', 3));
    expect(deriveSeed(1, 'x')).toBeLessThan(2 ** 31);
  });

  it('permutation holds each index once and is reproducible', () => {
    const p = permutation(100, createRng(7));
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(permutation(100, createRng(7)))).toEqual(Array.from(p));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('normal samples have mean ~0 and variance ~1', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 20000 }, () => randomNormal(rng));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
