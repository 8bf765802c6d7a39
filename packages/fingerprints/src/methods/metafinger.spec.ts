import type { tf } from '@fpb/tensor';
import type { HelperModel } from '../method';
import { splitAcrossFamilies } from './metafinger';

const helper = (family: string, i: number): HelperModel => ({
  model: { name: `${family}/${i}` } as unknown as tf.LayersModel,
  family,
});
const names = (list: HelperModel[]) => list.map((h) => (h.model as unknown as { name: string }).name);

describe("MetaFinger's helper split", () => {
  it('gives training and validation every family: fine-tuned and extracted positives alike', () => {
    // The runner hands helpers grouped by family; halving that list put both extraction copies in validation.
    const positives = [helper('HELP_P_FA', 0), helper('HELP_P_FA', 1), helper('HELP_P_EM', 0), helper('HELP_P_EM', 1)];
    const { train, validation } = splitAcrossFamilies(positives);
    expect(names(train)).toEqual(['HELP_P_FA/0', 'HELP_P_EM/0']);
    expect(names(validation)).toEqual(['HELP_P_FA/1', 'HELP_P_EM/1']);
  });

  it('lets a family of one model serve both halves', () => {
    const { train, validation } = splitAcrossFamilies([helper('A', 0), helper('B', 0), helper('B', 1), helper('B', 2)]);
    expect(names(train)).toEqual(['A/0', 'B/0', 'B/2']);
    expect(names(validation)).toEqual(['A/0', 'B/1']);
  });
});
