import { useI18n } from '../lib/i18n';
import type { StudioDataset } from './RemediationPanel';
import './studio.css';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Every version, newest first, with what each derived one was made from and how. */
export function VersionsPanel({ dataset }: { dataset: StudioDataset }) {
  const { t, dateTime, number } = useI18n();
  if (dataset.versions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('versions.title')}</h2>
      <div className="table-wrap">
        <table className="table" data-testid="versions-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('versions.file')}</th>
              <th scope="col">{t('field.rows')}</th>
              <th scope="col">{t('field.size')}</th>
              <th scope="col">{t('versions.origin')}</th>
              <th scope="col">{t('field.created')}</th>
            </tr>
          </thead>
          <tbody>
            {dataset.versions.map((v) => (
              <tr key={v.id} aria-current={v.id === dataset.currentVersion?.id ? 'true' : undefined}>
                <th scope="row">
                  {v.number}
                  {v.id === dataset.currentVersion?.id ? <span className="muted"> · {t('versions.current')}</span> : null}
                </th>
                <td>{v.fileName ?? '—'}</td>
                <td>{v.rows == null ? '—' : number(v.rows)}</td>
                <td>{size(v.bytes)}</td>
                <td>
                  {v.parentNumber == null ? (
                    t('versions.uploaded')
                  ) : (
                    <>
                      {t('versions.derived', { n: v.parentNumber, rowsIn: number(v.rowsIn ?? 0) })}{' '}
                      {(v.transforms ?? []).map((tr, i) => (
                        <span key={i} className="transform-chip">
                          {tr.kind === 'COVERED_SUBSET'
                            ? t('versions.subset', { purpose: tr.purpose ?? '' })
                            : tr.kind === 'GENERALISE'
                              ? t('transform.GENERALISE', { column: tr.column ?? '', mode: tr.mode ? t(`mode.${tr.mode}`) : '' })
                              : t(`transform.${tr.kind}`, { column: tr.column ?? '' })}
                        </span>
                      ))}
                    </>
                  )}
                </td>
                <td>{dateTime(v.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
