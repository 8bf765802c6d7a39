import { join } from 'node:path';
import { functionSpans } from './function_lengths';
import { REPOSITORY_ROOT, repositoryFiles } from './repository_files';

/** The runner orchestrates; a function it cannot show on one screen hides what it does. */
const RUNNER_LIMIT = 80;

describe('function lengths', () => {
  it(`no function in apps/runner (tests aside) is over ${RUNNER_LIMIT} lines`, () => {
    const long = repositoryFiles()
      .filter((f) => f.startsWith('apps/runner/src/') && f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .flatMap((f) => functionSpans(join(REPOSITORY_ROOT, f)).map((s) => ({ ...s, file: f })))
      .filter((s) => s.lines > RUNNER_LIMIT)
      .map((s) => `${s.file}:${s.line} ${s.name}: ${s.lines} lines`);
    expect(long).toEqual([]);
  });

  it('measures declarations, arrows and methods, nested ones too', () => {
    const text = [
      'function outer() {',
      '  const inner = () => {',
      '    return 1;',
      '  };',
      '  return inner();',
      '}',
      'class A { m() { return 2; } }',
    ].join('\n');
    expect(functionSpans('x.ts', text).map((s) => `${s.name}:${s.lines}`)).toEqual(['outer:6', 'inner:3', 'm:1']);
  });
});
