/**
 * A graph's nodes as code writes them: each node after its inputs, and each branch of a merge whole,
 * in the merge's input order (a residual block's body, then its shortcut) — the order PyTorch
 * registers layers and ONNX exporters run them. A depth-first walk back from the outputs.
 */
export function runningOrder<T>(
  outputs: readonly (T | undefined)[],
  inputsOf: (node: T) => readonly (T | undefined)[],
): T[] {
  const seen = new Set<T>();
  const order: T[] = [];
  const visit = (node: T | undefined) => {
    if (node === undefined || seen.has(node)) return;
    seen.add(node);
    for (const input of inputsOf(node)) visit(input);
    order.push(node);
  };
  outputs.forEach(visit);
  return order;
}
