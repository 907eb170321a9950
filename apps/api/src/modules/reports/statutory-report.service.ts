import { Injectable } from '@nestjs/common';
import type { DataGrade } from '@eastlake/compliance';
import { DataSource } from 'typeorm';
import { BadInputException } from '../../common/errors/domain.exception.js';
import { positionsOfYear } from '../cross-border/cross-border.service.js';
import { gradeOfReport, type GradedReport } from '../enforcement/grade.util.js';
import { RegulatorService } from '../regulator/regulator.service.js';
import type { StatutoryReportModel } from './models/statutory-report.models.js';
import { ACCESS_REQUESTS_VIEW, DELIVERIES_VIEW, GRANTS_VIEW } from '../access/access.views.js';
import { CLASSIFICATIONS_VIEW } from '../classification/classification.views.js';
import { CROSS_BORDER_EXPORTS_VIEW } from '../cross-border/cross-border.views.js';
import { DATASET_VERSIONS_VIEW } from '../datasets/dataset.views.js';
import { DATA_GRADE_DECLARATIONS_VIEW, ENFORCEMENT_ORDERS_VIEW } from '../enforcement/enforcement.views.js';
import { ORDERS_VIEW } from '../orders/order.views.js';

const MAX_PERIOD_DAYS = 3660;

/** The statutory period report: read-only, from the same tables and ledger the other views use. */
@Injectable()
export class StatutoryReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly regulator: RegulatorService,
  ) {}

  async report(from: Date, to: Date): Promise<StatutoryReportModel> {
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new BadInputException('from and to must be ISO-8601 dates');
    if (!(from < to)) throw new BadInputException('from must be before to');
    if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw new BadInputException('a report covers at most ten years');
    const q = <T>(sql: string, params: unknown[] = [from, to]): Promise<T[]> => this.dataSource.query(sql, params);
    const counts = async (sql: string) => (await q<{ key: string; count: string }>(sql)).map((r) => ({ key: r.key, count: Number(r.count) }));
    const one = async (sql: string, params?: unknown[]) => Number(Object.values((await q<Record<string, string | null>>(sql, params))[0] ?? {})[0] ?? 0);

    const requests = await counts(`SELECT status AS key, COUNT(*) AS count FROM ${ACCESS_REQUESTS_VIEW} r WHERE created_at >= $1 AND created_at < $2 GROUP BY status ORDER BY status`);
    const grants = await one(`SELECT COUNT(*) FROM ${GRANTS_VIEW} g WHERE created_at >= $1 AND created_at < $2`);
    const [del] = await q<{ n: string; rows: string | null }>(`SELECT COUNT(*) AS n, SUM(rows_delivered) AS rows FROM ${DELIVERIES_VIEW} v WHERE created_at >= $1 AND created_at < $2`);
    const [ord] = await q<{ n: string; amount: string | null; unlawful: string | null }>(
      `SELECT COUNT(*) AS n, SUM(amount_fen) AS amount, SUM(amount_fen) FILTER (WHERE NOT lawful) AS unlawful FROM ${ORDERS_VIEW} o WHERE created_at >= $1 AND created_at < $2`,
    );

    // Grades of the versions classified in the period, with the declarations made before its end.
    const classified = await q<{ dataset_id: string; report: GradedReport }>(
      `SELECT v.dataset_id, jsonb_build_object('exposure', c.report->'exposure', 'warnings', c.report->'warnings') AS report
         FROM ${CLASSIFICATIONS_VIEW} c JOIN ${DATASET_VERSIONS_VIEW} v ON v.id = c.version_id WHERE c.created_at >= $1 AND c.created_at < $2`,
    );
    const declared = await q<{ dataset_id: string; grade: DataGrade }>(`SELECT dataset_id, grade FROM ${DATA_GRADE_DECLARATIONS_VIEW} g WHERE created_at < $1`, [to]);
    const byGrade = new Map<string, number>();
    for (const c of classified) {
      const g = gradeOfReport({ exposure: c.report.exposure ?? [], warnings: c.report.warnings ?? [] }, declared.filter((d) => d.dataset_id === c.dataset_id).map((d) => d.grade)).grade;
      byGrade.set(g, (byGrade.get(g) ?? 0) + 1);
    }

    const crossBorder = (
      await q<{ mechanism: string; n: string; people: string; sensitive: string }>(
        `SELECT mechanism, COUNT(*) AS n, SUM(people) AS people, SUM(sensitive_people) AS sensitive FROM ${CROSS_BORDER_EXPORTS_VIEW} x
          WHERE first_delivered_at >= $1 AND first_delivered_at < $2 GROUP BY mechanism ORDER BY mechanism`,
      )
    ).map((r) => ({ mechanism: r.mechanism, exports: Number(r.n), people: Number(r.people), sensitivePeople: Number(r.sensitive) }));
    const lastYear = new Date(to.getTime() - 1).getUTCFullYear();

    const issued = await counts(`SELECT kind AS key, COUNT(*) AS count FROM ${ENFORCEMENT_ORDERS_VIEW} o WHERE created_at >= $1 AND created_at < $2 GROUP BY kind ORDER BY kind`);
    const closed = await counts(`SELECT status AS key, COUNT(*) AS count FROM ${ENFORCEMENT_ORDERS_VIEW} o WHERE closed_at >= $1 AND closed_at < $2 GROUP BY status ORDER BY status`);
    const activeAtEnd = await one(`SELECT COUNT(*) FROM ${ENFORCEMENT_ORDERS_VIEW} o WHERE created_at < $1 AND (closed_at IS NULL OR closed_at >= $1)`, [to]);
    const overdueAtEnd = await one(
      `SELECT COUNT(*) FROM ${ENFORCEMENT_ORDERS_VIEW} o WHERE kind = 'RECTIFICATION' AND created_at < $1 AND deadline < $1 AND (closed_at IS NULL OR closed_at >= $1)`,
      [to],
    );

    const ledger = await this.regulator.complianceReport(from, to);
    return {
      from,
      to,
      generatedAt: new Date(),
      transactions: {
        requests,
        grants,
        deliveries: Number(del?.n ?? 0),
        rowsDelivered: Number(del?.rows ?? 0),
        orders: Number(ord?.n ?? 0),
        ordersAmountFen: Number(ord?.amount ?? 0),
        unlawfulOrdersAmountFen: Number(ord?.unlawful ?? 0),
      },
      grades: ['GENERAL', 'IMPORTANT', 'CORE'].map((key) => ({ key, count: byGrade.get(key) ?? 0 })),
      tierPositions: await this.regulator.tierPositions(to),
      crossBorder,
      crossBorderPositions: await positionsOfYear(this.dataSource.manager, lastYear, null),
      enforcement: { issued, closed, activeAtEnd, overdueAtEnd },
      ledgerTreeSize: ledger.ledgerTreeSize,
      ledgerRootHash: ledger.ledgerRootHash,
    };
  }
}
