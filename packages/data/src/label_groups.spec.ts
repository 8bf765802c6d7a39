import { fiveGroups, regrouped } from './label_groups';

describe('fiveGroups', () => {
  it("pairs CIFAR-10's look-alike classes", () => {
    // airplane 0 + ship 8, automobile 1 + truck 9, bird 2 + frog 6, cat 3 + dog 5, deer 4 + horse 7.
    expect(fiveGroups(10).groupOf).toEqual([0, 1, 2, 3, 4, 3, 2, 4, 0, 1]);
  });

  it('cuts any other class count into five runs of consecutive classes', () => {
    const { groupOf } = fiveGroups(100);
    expect([groupOf[0], groupOf[19], groupOf[20], groupOf[99]]).toEqual([0, 0, 1, 4]);
    expect(groupOf.filter((g) => g === 3)).toHaveLength(20);
    expect(() => fiveGroups(4)).toThrow('fiveGroups: 4 classes cannot make five groups');
  });

  it('regroups labels and names, sharing the images', () => {
    const images = new Uint8Array(0);
    const d = { images, labels: Uint8Array.from([5, 8, 0]), numClasses: 10, classNames: 'abcdefghij'.split('') };
    const r = regrouped(d, fiveGroups(10));
    expect(Array.from(r.labels)).toEqual([3, 0, 0]);
    expect(r.numClasses).toBe(5);
    expect(r.classNames).toEqual(['a+i', 'b+j', 'c+g', 'd+f', 'e+h']);
    expect(r.images).toBe(images);
    expect(() => regrouped({ ...d, numClasses: 9 }, fiveGroups(10))).toThrow(
      'a grouping of 10 classes for a dataset of 9',
    );
  });
});
