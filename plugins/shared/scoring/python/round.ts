/** The exact value of a finite, non-integer double |x| as mantissa / 2^shift (shift > 0). */
function exactFraction(x: number): { mantissa: bigint; shift: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exponent = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return exponent === 0 ? { mantissa: fraction, shift: 1074 } : { mantissa: fraction | (1n << 52n), shift: 1075 - exponent };
}

/**
 * Python 3 `round(x, ndigits)` for a float and `ndigits >= 0`: the exact binary value of `x` is
 * rounded to `ndigits` decimals, ties to even, then converted back to the nearest double
 * (CPython `double_round`, docs/released-code.md §2.2). So `round(2.675, 2)` is 2.67 (2.675 is
 * stored as 2.67499999…), `round(0.125, 2)` is 0.12 and `round(0.375, 2)` is 0.38 (exact ties).
 * NaN and ±Infinity round to themselves; the sign of zero is kept (`round(-0.001, 2)` is -0).
 */
export function pythonRound(x: number, ndigits = 2): number {
  if (!Number.isInteger(ndigits) || ndigits < 0) throw new RangeError(`ndigits must be a non-negative integer, got ${ndigits}`);
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  const { mantissa, shift } = exactFraction(x);
  const numerator = mantissa * 10n ** BigInt(ndigits);
  const denominator = 1n << BigInt(shift);
  let q = numerator / denominator;
  const twiceRemainder = (numerator % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && (q & 1n) === 1n)) q += 1n;
  const magnitude = Number(`${q}e-${ndigits}`);
  return x < 0 ? -magnitude : magnitude;
}
