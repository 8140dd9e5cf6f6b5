/**
 * CSV (RFC 4180) that is safe to open in a spreadsheet. A cell starting with = + - @ (or a tab
 * or carriage return) would run as a formula in Excel, LibreOffice and Google Sheets — a
 * campaign named `=HYPERLINK(...)` is enough — so it gets a leading apostrophe, which those
 * programs show as text (OWASP "CSV injection"). Numbers are written as they are.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text: comma-separated cells, CRLF line ends, with a BOM so Excel reads UTF-8. */
export function csvFromRows(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
