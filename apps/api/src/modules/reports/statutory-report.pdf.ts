import { existsSync } from 'node:fs';
import { formatFen } from '@eastlake/compliance';
import PDFDocument from 'pdfkit';
import type { StatutoryReportModel } from './models/statutory-report.models.js';

/**
 * The statutory report as a PDF (pdfkit). Names of organizations and listings are often Chinese:
 * a CJK font is used when one is installed (EASTLAKE_PDF_FONT, or Noto Sans CJK where Debian puts
 * it; `fonts-noto-cjk`), else Helvetica, which shows non-Latin characters as "?".
 */
const CJK_CANDIDATES: Array<{ path: string; family?: string }> = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
];

function fontOf(env: NodeJS.ProcessEnv): { path: string; family?: string } | null {
  if (env.EASTLAKE_PDF_FONT && existsSync(env.EASTLAKE_PDF_FONT)) return { path: env.EASTLAKE_PDF_FONT, family: env.EASTLAKE_PDF_FONT_FAMILY || undefined };
  return CJK_CANDIDATES.find((c) => existsSync(c.path)) ?? null;
}

const n = (x: number) => x.toLocaleString('en-US');
const day = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** Renders the report; resolves with the PDF bytes. */
export function renderStatutoryReportPdf(r: StatutoryReportModel, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `EastLake statutory report ${day(r.from)} – ${day(r.to)}`, Author: 'EastLake data exchange' } });
  const font = fontOf(env);
  const latinOnly = !font;
  if (font) {
    try {
      doc.registerFont('body', font.path, font.family);
      doc.font('body');
    } catch {
      doc.font('Helvetica');
    }
  }
  const text = (s: string) => (latinOnly ? s.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?') : s);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const h1 = (s: string) => doc.fontSize(16).text(text(s)).moveDown(0.3);
  const h2 = (s: string) => doc.moveDown(0.6).fontSize(12).text(text(s)).moveDown(0.2);
  const line = (s: string) => doc.fontSize(9.5).text(text(s));

  h1('EastLake — statutory period report');
  line(`Period: ${day(r.from)} to ${day(r.to)} (end exclusive). Generated ${day(r.generatedAt)}.`);
  line('Amounts are recorded in fen (1 CNY = 100 fen); the exchange records orders and moves no money.');

  h2('1. Transactions');
  line(`Access requests: ${r.transactions.requests.map((c) => `${c.key} ${n(c.count)}`).join(', ') || 'none'}`);
  line(`Grants: ${n(r.transactions.grants)} · Deliveries: ${n(r.transactions.deliveries)} (${n(r.transactions.rowsDelivered)} rows)`);
  line(
    `Orders: ${n(r.transactions.orders)}, ${formatFen(r.transactions.ordersAmountFen)} (${n(r.transactions.ordersAmountFen)} fen); ` +
      `without a lawful basis on record: ${formatFen(r.transactions.unlawfulOrdersAmountFen)}`,
  );

  h2('2. Data grades (GB/T 43697-2024) of versions classified in the period');
  line(r.grades.map((g) => `${g.key} ${n(g.count)}`).join(' · '));

  h2("3. Art. 5 tier positions at the period's end (2017 SPC/SPP interpretation)");
  if (r.tierPositions.length === 0) line('No organization received personal information or recorded proceeds.');
  for (const p of r.tierPositions) {
    line(
      `${p.organization.name}${p.insider ? ' (insider)' : ''}: ${p.level} — quantities ${Math.round(p.quantityShare * 100)} % of "serious", ` +
        `proceeds ${formatFen(p.proceedsFen)} (${Math.round(p.proceedsShare * 100)} % of ${formatFen(p.proceedsSeriousFen)}); ` +
        p.classes.map((c) => `${c.infoClass} ${n(c.items)}/${n(c.serious)}`).join(', '),
    );
  }

  h2('4. Cross-border transfers (CAC Provisions on Promoting and Regulating Cross-border Data Flows, 2024)');
  if (r.crossBorder.length === 0) line('No personal information was first provided outside the mainland in the period.');
  for (const v of r.crossBorder) line(`${v.mechanism}: ${n(v.exports)} version(s), ${n(v.people)} people, ${n(v.sensitivePeople)} of them sensitive`);
  for (const p of r.crossBorderPositions) {
    line(`${p.exporterName}, ${p.year}: ${n(p.nonSensitivePeople)} people (${n(p.sensitivePeople)} sensitive)${p.importantData ? ', important data' : ''} → ${p.mechanism} (${p.citation}); evidence ${p.satisfied ? 'on file' : 'MISSING'}`);
  }

  h2('5. Enforcement');
  line(`Issued: ${r.enforcement.issued.map((c) => `${c.key} ${n(c.count)}`).join(', ') || 'none'} · Closed: ${r.enforcement.closed.map((c) => `${c.key} ${n(c.count)}`).join(', ') || 'none'}`);
  line(`Active at the end: ${n(r.enforcement.activeAtEnd)} · Rectification orders overdue at the end: ${n(r.enforcement.overdueAtEnd)}`);

  h2("6. Audit ledger at the period's end");
  line(`Tree size: ${n(r.ledgerTreeSize)}`);
  line(`Root hash (RFC 9162): ${r.ledgerRootHash}`);
  line('Check it with eastlake-verify against a signed tree head and the NDJSON export (GET /api/ledger/export).');
  doc.end();
  return done;
}
