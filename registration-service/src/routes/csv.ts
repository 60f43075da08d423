/**
 * RFC 4180 CSV. A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
 * `@`, tab or carriage return) gets a leading `'` (OWASP "CSV injection"), then any cell with a
 * quote, comma or line break is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRow = (cells: readonly (string | number | null | undefined)[]): string =>
  `${cells.map(csvCell).join(",")}\r\n`;
