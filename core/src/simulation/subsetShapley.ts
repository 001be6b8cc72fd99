/**
 * Adds each player's Shapley value, times `scale`, to `into[players[i]]`, where `gains[mask]` is
 * the value of the coalition whose bit i is on for each of its players i (players.length ≤ 30):
 * φ_i = Σ over coalitions S without i of |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S)).
 * The simulator's truth and the mechanism oracle split a buyer's lift over their channels with it.
 */
export function addSubsetShapley(gains: Float64Array, players: readonly number[], scale: number, into: Float64Array): void {
  const count = players.length;
  if (count === 0) return;
  const size = 1 << count;
  // weights[k] = k! (n − k − 1)! / n!, by the ratio of neighbours.
  const weights = new Float64Array(count);
  weights[0] = 1 / count;
  for (let members = 1; members < count; members++) weights[members] = (weights[members - 1] * members) / (count - members);
  for (let player = 0; player < count; player++) {
    let share = 0;
    for (let mask = 0; mask < size; mask++) {
      if (mask & (1 << player)) continue;
      let members = 0;
      for (let bits = mask; bits; bits &= bits - 1) members++;
      share += weights[members] * (gains[mask | (1 << player)] - gains[mask]);
    }
    into[players[player]] += scale * share;
  }
}
