/**
 * CSV for spreadsheets, safe against formula injection (OWASP "CSV Injection"): a cell
 * starting with = + - @ tab or CR is prefixed with a single quote so Excel, LibreOffice
 * and Sheets show it as text instead of running it. Every cell is quoted (RFC 4180).
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
