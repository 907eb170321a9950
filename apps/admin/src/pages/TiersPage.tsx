import { request } from '../api/client';
import { Empty, ErrorBox, Loading } from '../components/states';
import { TierPositionsDocument } from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { useQuery } from '../lib/useQuery';

const CLASSES = ['WHEREABOUTS_CREDIT_PROPERTY', 'HEALTH_TRANSACTION', 'OTHER'] as const;
const LEVEL_CLASS: Record<string, string> = {
  NONE: 'status-tradeable',
  SERIOUS: 'status-in_review',
  ESPECIALLY_SERIOUS: 'status-untradeable',
};

/** Regulators and admins: every buyer against both tiers of the 2017 SPC/SPP interpretation Art. 5. */
export function TiersPage() {
  const { t, number } = useI18n();
  const q = useQuery(() => request(TierPositionsDocument), 'tier-positions');
  const rows = q.data?.tierPositions ?? [];
  return (
    <section aria-labelledby="tiers-title">
      <h1 id="tiers-title">{t('tiers.title')}</h1>
      <p className="muted">{t('tiers.intro')}</p>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('tiers.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="tiers-table" aria-busy={q.loading}>
            <caption className="visually-hidden">{t('tiers.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tiers.col.org')}</th>
                <th scope="col">{t('tiers.col.level')}</th>
                <th scope="col">{t('tiers.col.share')}</th>
                {CLASSES.map((c) => (
                  <th scope="col" key={c}>
                    {t(`tiers.class.${c}`)}
                  </th>
                ))}
                <th scope="col">{t('tiers.col.versions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.organization.id} data-org-id={p.organization.id}>
                  <th scope="row">{p.organization.name}</th>
                  <td>
                    <span className={`badge ${LEVEL_CLASS[p.level] ?? ''}`}>
                      {t(`tiers.level.${p.level}`)}
                    </span>
                  </td>
                  <td>
                    <meter
                      min={0}
                      max={1}
                      low={0.5}
                      high={0.9}
                      optimum={0}
                      value={Math.min(1, p.quantityShare)}
                      aria-hidden="true"
                    />{' '}
                    {number(Math.round(p.quantityShare * 1000) / 10)} %
                  </td>
                  {CLASSES.map((c) => {
                    const x = p.classes.find((k) => k.infoClass === c);
                    return (
                      <td key={c}>
                        {x
                          ? t('tiers.items', {
                              items: number(x.items),
                              lawful: number(x.lawfulItems),
                            })
                          : '—'}
                      </td>
                    );
                  })}
                  <td>
                    {number(p.versions)} ({number(p.unlawfulVersions)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
