/**
 * CSV for every export of the product (RFC 4180). A spreadsheet runs a cell that begins with
 * = + - @, a tab or a carriage return as a formula (formula injection: a username or user agent
 * chosen by anyone could plant one), so such a cell gets a leading apostrophe. A cell that already
 * begins with an apostrophe gets one too, so the prefix is always undone by removing exactly one
 * leading apostrophe (`restoreCsvText`, and scripts/verify-audit.mjs does the same).
 */

const FORMULA_START = /^[=+\-@\t\r']/;

/** The text as it goes into a cell: neutralised against formula evaluation. */
export function neutraliseCsvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The original text of a neutralised cell. */
export function restoreCsvText(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** One cell: NULL as an empty unquoted cell, an empty string as `""`, quoted when it must be. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = neutraliseCsvText(String(v));
  return /[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record (CRLF is added by csvDocument). */
export const csvRecord = (values: readonly unknown[]): string => values.map(csvCell).join(',');

/** Header and records, each ending in CRLF. */
export const csvDocument = (header: readonly string[], records: ReadonlyArray<readonly unknown[]>): string =>
  [header.join(','), ...records.map(csvRecord)].map((l) => `${l}\r\n`).join('');
