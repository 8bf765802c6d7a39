import { readFileSync } from 'node:fs';
import ts from 'typescript';

/** A function (declaration, method, arrow or expression) and how many lines it spans. */
export interface FunctionSpan {
  file: string;
  line: number;
  name: string;
  lines: number;
}

/** Every function of a TypeScript source, nested ones included, with its length in lines. */
export function functionSpans(file: string, text = readFileSync(file, 'utf8')): FunctionSpan[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const named =
        (node as ts.FunctionLikeDeclaration).name ??
        (ts.isVariableDeclaration(node.parent) ? node.parent.name : undefined);
      spans.push({ file, line: start + 1, name: named?.getText(source) ?? '(anonymous)', lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}
