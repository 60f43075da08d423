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

/** An answer as one cell's text: a list of options joined with ", ", a checkbox as yes/no. */
export function answerText(answer: unknown): string {
  if (answer === undefined || answer === null) return "";
  if (typeof answer === "boolean") return answer ? "yes" : "no";
  if (Array.isArray(answer)) return answer.map(String).join(", ");
  return typeof answer === "string" ? answer : JSON.stringify(answer);
}
