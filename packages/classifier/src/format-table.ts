/** Human-readable report for the terminal (`eastlake-classify FILE` without --json). */
import pc from 'picocolors';
import type { ClassificationReport, Verdict } from './types.js';

/** Display width: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - displayWidth(s)));
}

export function formatReport(r: ClassificationReport, file: string, color: boolean): string {
  const c = pc.createColors(color);
  const paint: Record<Verdict, (s: string) => string> = {
    TRADEABLE: c.green,
    AMBIGUOUS: c.yellow,
    UNTRADEABLE: c.red,
  };
  const lines: string[] = [];
  lines.push(`${c.bold(file)}: ${r.rows} rows, ${r.columns.length} columns`);
  lines.push('');
  const rows = r.columns.map((col) => [
    col.name,
    col.category,
    col.types
      .map((t) => `${t.type} ${(t.ratio * 100).toFixed(t.ratio < 0.1 ? 1 : 0)}%`)
      .join(', ') || '-',
  ]);
  const head = ['COLUMN', 'CATEGORY', 'TYPES (share of non-empty values)'];
  const widths = head.map((h, i) =>
    Math.min(40, Math.max(displayWidth(h), ...rows.map((x) => displayWidth(x[i])))),
  );
  lines.push(c.dim(head.map((h, i) => pad(h, widths[i])).join('  ')));
  for (const x of rows) lines.push(x.map((v, i) => (i === 2 ? v : pad(v, widths[i]))).join('  '));
  lines.push('');
  lines.push(`Verdict: ${c.bold(paint[r.verdict](r.verdict))}`);
  if (r.consent)
    lines.push(
      `Consent (${r.consent.purpose}): ${r.consent.coveredRows} of ${r.consent.neededRows} rows covered`,
    );
  if (r.reasons.length) {
    lines.push('');
    lines.push(c.bold('Reasons'));
    for (const reason of r.reasons) {
      const sev =
        reason.severity === 'BLOCK'
          ? c.red(reason.severity)
          : reason.severity === 'REVIEW'
            ? c.yellow(reason.severity)
            : c.dim(reason.severity);
      lines.push(`  ${pad(sev, 6)} ${reason.code}: ${reason.message}`);
      lines.push(c.dim(`         ${reason.citations.join('; ')} — fix: ${reason.remediation}`));
    }
  }
  if (r.exposure.length) {
    lines.push('');
    lines.push(c.bold('Exposure (2017 SPC/SPP interpretation Art. 5)'));
    for (const e of r.exposure) {
      const over = e.distinct >= e.tier;
      lines.push(
        `  ${pad(e.type, 16)} ${String(e.distinct).padStart(9)} distinct   threshold ${e.tier}${over ? c.red('  reached') : ''}`,
      );
    }
  }
  if (r.warnings.length) {
    lines.push('');
    lines.push(c.bold('Warnings'));
    for (const w of r.warnings) lines.push(`  - ${w}`);
  }
  lines.push('');
  lines.push(c.dim(`${(r.stats.bytes / 1e6).toFixed(1)} MB in ${r.stats.ms} ms`));
  return lines.join('\n');
}
