/** The wasm training kernels handle depthwise filters with channel multiplier 1, the only kind our models use. */
export function assertMultiplierOne(filterShape: number[], kernelName: string): void {
  if (filterShape[3] !== 1) {
    throw new Error(
      `${kernelName} on wasm supports channel multiplier 1 only (filter shape [${filterShape}]); ` +
        `use depthMultiplier: 1 or another backend`,
    );
  }
}
