import { describe, expect, it } from '@jest/globals';
import { projectedReportSql, reportProjectionOf } from './report-projection.js';

describe('reportProjectionOf', () => {
  it('names the report parts and the reason keys a selection reads', () => {
    expect(reportProjectionOf(new Set(['verdict', 'reasons']), new Set(['severity', 'code', '__typename']))).toEqual({ key: 'reasons|code,severity|', parts: ['reasons'], reasonKeys: ['code', 'severity'], columns: [] });
    expect(reportProjectionOf(new Set(['warnings', 'rows', 'versionId']), new Set())).toEqual({ key: 'rows,warnings|*|', parts: ['rows', 'warnings'], reasonKeys: null, columns: [] });
    expect(reportProjectionOf(new Set(['verdict', 'classifiedAt', 'engineVersion']), new Set())).toEqual({ key: '|*|createdAt,engineVersion', parts: [], reasonKeys: null, columns: ['createdAt', 'engineVersion'] });
  });

  it('reads the report whole for a field that is not a plain part of it, and reasons whole for an unknown reason field', () => {
    expect(reportProjectionOf(new Set(['verdict', 'grade']), new Set())).toBeNull();
    expect(reportProjectionOf(new Set(['reasons']), new Set(['code', 'somethingComputed']))?.reasonKeys).toBeNull();
  });

  it('builds the report from the parts, the reasons in their stored order with only the keys read', () => {
    const sql = projectedReportSql(reportProjectionOf(new Set(['reasons', 'rows']), new Set(['code']))!, '"c"');
    expect(sql).toBe(
      `jsonb_build_object('reasons', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', r.value -> 'code') ORDER BY r.ordinality), '[]'::jsonb) FROM jsonb_array_elements("c".report -> 'reasons') WITH ORDINALITY AS r), 'rows', "c".report -> 'rows')`,
    );
  });
});
