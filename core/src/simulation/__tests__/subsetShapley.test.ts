import { addSubsetShapley } from '../subsetShapley';

describe('addSubsetShapley', () => {
  it('adds each player its average marginal gain over join orders, scaled, at its id', () => {
    // v(∅) = 0, v({a}) = 1, v({b}) = 2, v({a, b}) = 5: a gets ½ (1 − 0) + ½ (5 − 2) = 2, b gets 3.
    const into = new Float64Array(4);
    into[3] = 1;
    addSubsetShapley(Float64Array.of(0, 1, 2, 5), [3, 1], 10, into);
    expect(Array.from(into)).toEqual([0, 30, 0, 21]);
  });

  it('matches the average over all orders for three players, and adds nothing without players', () => {
    const gains = Float64Array.of(0, 2, 3, 7, 1, 4, 6, 12);
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const expected = [0, 0, 0];
    for (const order of orders) {
      let mask = 0;
      for (const player of order) {
        expected[player] += (gains[mask | (1 << player)] - gains[mask]) / orders.length;
        mask |= 1 << player;
      }
    }
    const into = new Float64Array(3);
    addSubsetShapley(gains, [0, 1, 2], 1, into);
    into.forEach((value, player) => expect(value).toBeCloseTo(expected[player], 12));
    addSubsetShapley(gains, [], 1, into);
    into.forEach((value, player) => expect(value).toBeCloseTo(expected[player], 12));
  });
});
