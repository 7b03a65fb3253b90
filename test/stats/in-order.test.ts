import { mean } from '../../core/stats';
import { meanInOrder, populationStdInOrder, sampleStdInOrder, sumInOrder } from '../../core/stats/in-order';

describe('core/stats/in-order (left-to-right sums, the training paths)', () => {
  it('sums in index order, not compensated: 0.1 + 0.2 + 0.3 is 0.6000000000000001', () => {
    expect(sumInOrder([0.1, 0.2, 0.3])).toBe(0.6000000000000001);
    expect(sumInOrder([0.3, 0.2, 0.1])).toBe(0.6); // (0.3 + 0.2) + 0.1: order matters
    expect(meanInOrder([0.1, 0.2, 0.3])).toBe(0.6000000000000001 / 3);
    // simple-statistics compensates the rounding error: the two means differ in the last bit
    expect(mean([0.1, 0.2, 0.3])).toBe(0.6 / 3);
    expect(meanInOrder([0.1, 0.2, 0.3])).not.toBe(mean([0.1, 0.2, 0.3]));
  });

  it('standard deviations by hand: 1, 2, 3, 4 (mean 2.5, Σ(x − m)² = 5)', () => {
    expect(sampleStdInOrder([1, 2, 3, 4])).toBe(Math.sqrt(5 / 3));
    expect(populationStdInOrder([1, 2, 3, 4])).toBe(Math.sqrt(5 / 4));
    expect(sampleStdInOrder([0, 1])).toBe(Math.SQRT1_2); // Σ(x − m)² = 0.5, N − 1 = 1
  });

  it('agrees with ./index on empty and single input: NaN for none, 0 spread for one', () => {
    expect(sumInOrder([])).toBe(0);
    expect(meanInOrder([])).toBeNaN();
    expect(sampleStdInOrder([])).toBeNaN();
    expect(populationStdInOrder([])).toBeNaN();
    expect(meanInOrder([7])).toBe(7);
    expect(sampleStdInOrder([7])).toBe(0);
    expect(populationStdInOrder([7])).toBe(0);
  });
});
