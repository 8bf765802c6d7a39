import { switchBackend } from './backend';
import * as tf from './tf';
import { applyTfjsFlags, dawnFlags, parseTfjsFlags } from './tuning_flags';

describe('FPB_TFJS_FLAGS and FPB_DAWN_FLAGS', () => {
  it('parses NAME=value lists into booleans, numbers and strings', () => {
    expect(parseTfjsFlags(' A=true  B=false\tC=64 D=0.5 E=abc F= ')).toEqual([
      ['A', true],
      ['B', false],
      ['C', 64],
      ['D', 0.5],
      ['E', 'abc'],
      ['F', ''],
    ]);
    expect(parseTfjsFlags(undefined)).toEqual([]);
    expect(() => parseTfjsFlags('WEBGPU_X')).toThrow("FPB_TFJS_FLAGS: 'WEBGPU_X' is not NAME=value");
  });

  it('sets known tfjs flags and names an unknown one', async () => {
    await switchBackend('cpu');
    const before = tf.env().get('DEPRECATION_WARNINGS_ENABLED');
    expect(applyTfjsFlags('DEPRECATION_WARNINGS_ENABLED=false')).toEqual(['DEPRECATION_WARNINGS_ENABLED=false']);
    expect(tf.env().get('DEPRECATION_WARNINGS_ENABLED')).toBe(false);
    tf.env().set('DEPRECATION_WARNINGS_ENABLED', before);
    expect(() => applyTfjsFlags('NO_SUCH_FLAG=1')).toThrow("FPB_TFJS_FLAGS: tfjs has no flag 'NO_SUCH_FLAG'");
  });

  it('hands Dawn its flags as a list', () => {
    expect(dawnFlags('enable-dawn-features=skip_validation  adapter=H100')).toEqual([
      'enable-dawn-features=skip_validation',
      'adapter=H100',
    ]);
    expect(dawnFlags('')).toEqual([]);
  });
});
