/**
 * The consent module's tables as SQL other modules may embed (see access/access.views.ts for
 * the contract): the condition "the latest consent manifest of the version covers every row
 * that needs consent for the purpose".
 *
 * @param versionColumn the outer query's version id column, e.g. `pc.version_id`
 * @param purposeParam the name of the query builder parameter holding the (lower-case) purpose
 */
export function coveredForPurposeSql(versionColumn: string, purposeParam: string): string {
  return `EXISTS (
                  SELECT 1 FROM consent_coverage cc
                   WHERE cc.version_id = ${versionColumn} AND cc.purpose = :${purposeParam}
                     AND cc.needed_rows > 0 AND cc.covered_rows >= cc.needed_rows
                     AND cc.manifest_id = (SELECT m.id FROM consent_manifests m WHERE m.version_id = ${versionColumn} ORDER BY m.created_at DESC LIMIT 1))`;
}
