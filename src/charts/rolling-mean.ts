/**
 * Computes the trailing mean over `window` consecutive values: entry `i` is the mean of
 * values `i - window + 1` to `i`, and `null` for the first `window - 1` entries, which
 * plotly leaves out of a line.
 */
export function rollingMean(values: readonly number[], window: number): (number | null)[] {
  const means: (number | null)[] = [];
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) {
    sum += values[index] as number;
    if (index >= window) {
      sum -= values[index - window] as number;
    }
    means.push(index >= window - 1 ? sum / window : null);
  }
  return means;
}
