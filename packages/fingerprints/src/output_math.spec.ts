import { majorityVotes } from './output_math';

describe('majority votes', () => {
  it('give each query the most common label and its count, the lowest label on a tie', () => {
    const answers = [
      [3, 1, 2, 7],
      [3, 4, 5, 7],
      [3, 4, 6, 2],
      [3, 1, 5, 2],
    ];
    expect(majorityVotes(answers)).toEqual([
      { label: 3, count: 4 },
      { label: 1, count: 2 },
      { label: 5, count: 2 },
      { label: 2, count: 2 },
    ]);
  });
});
