/**
 * Exact decimal arithmetic for order amounts: values are scaled to BigInt units, never floats, so
 * 3 × 19.99 × (1 − 0.1) is exactly 53.973 before it is rounded to 53.97.
 */

const PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Number of digits after the decimal point, or null when the text is not a plain decimal. */
export function scaleOf(value: string): number | null {
  const m = PATTERN.exec(value);
  return m ? (m[3] ?? '').length : null;
}

/** `value` as an integer count of 10^-scale units; the value must have at most `scale` decimals. */
export function toUnits(value: string, scale: number): bigint {
  const m = PATTERN.exec(value);
  if (!m || (m[3] ?? '').length > scale) throw new RangeError(`${value} is not a decimal with at most ${scale} decimals`);
  const units = BigInt(m[2] + (m[3] ?? '').padEnd(scale, '0'));
  return m[1] ? -units : units;
}

export function fromUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** Divides by 10^places, rounding half away from zero. */
function roundDown(units: bigint, places: number): bigint {
  const divisor = 10n ** BigInt(places);
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const q = abs / divisor + ((abs % divisor) * 2n >= divisor ? 1n : 0n);
  return negative ? -q : q;
}

export const QUANTITY_SCALE = 3;
export const MONEY_SCALE = 2;
export const DISCOUNT_SCALE = 4;
/** DECIMAL(18,2): the largest money value has 16 integer digits. */
export const MONEY_LIMIT = 10n ** 18n;

/** round(quantity × unitPrice × (1 − discount), 2), in cents. */
export function lineAmountUnits(quantity: string, unitPrice: string, discount = '0'): bigint {
  const q = toUnits(quantity, QUANTITY_SCALE);
  const p = toUnits(unitPrice, MONEY_SCALE);
  const keep = 10n ** BigInt(DISCOUNT_SCALE) - toUnits(discount, DISCOUNT_SCALE);
  return roundDown(q * p * keep, QUANTITY_SCALE + DISCOUNT_SCALE);
}

export function lineAmount(quantity: string, unitPrice: string, discount = '0'): string {
  return fromUnits(lineAmountUnits(quantity, unitPrice, discount), MONEY_SCALE);
}
