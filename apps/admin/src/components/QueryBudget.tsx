import type { QueryPolicyFieldsFragment } from '../graphql/generated';
import { useI18n } from '../lib/i18n';

type Budget = QueryPolicyFieldsFragment['budget'];

/** A QUERY grant's policy: k, differential privacy and the privacy budget spent and left. */
export function QueryBudget({
  policy,
  budget,
}: {
  policy: QueryPolicyFieldsFragment;
  /** The budget after the latest answer, when newer than the policy's. */
  budget?: Budget | null;
}) {
  const { t, number } = useI18n();
  const b = budget ?? policy.budget;
  const dp = policy.differentialPrivacy;
  const share = b.total ? Math.max(0, Math.min(1, (b.left ?? 0) / b.total)) : 0;
  return (
    <section className="card" aria-labelledby="query-policy-title" data-testid="query-budget">
      <h2 id="query-policy-title">{t('query.policy')}</h2>
      <dl className="facts">
        <dt>{t('query.minGroupSize')}</dt>
        <dd data-testid="query-k">{number(policy.minGroupSize)}</dd>
        <dt>{t('query.dp')}</dt>
        <dd>
          {dp
            ? t('query.dpValue', {
                mechanism: dp.mechanism,
                epsilon: number(dp.epsilonPerQuery),
                bound: number(dp.contributionBound),
              })
            : t('query.dpNone')}
        </dd>
        <dt>{t('query.queriesRun')}</dt>
        <dd>
          {t('query.queriesRunValue', {
            run: number(policy.queriesRun),
            cached: number(policy.queriesCached),
          })}
        </dd>
      </dl>
      <h3 className="query-budget-title">{t('query.budget')}</h3>
      {b.total == null ? (
        <p className="muted">{t('query.budgetNone')}</p>
      ) : (
        <>
          <div className="tiles query-budget-tiles">
            <div className="tile">
              <span className="tile-value" data-testid="budget-left">
                {number(b.left ?? 0)}
              </span>
              <span className="tile-label">
                {t('query.budgetLeft')} · {t('query.budgetOf', { total: number(b.total) })}
              </span>
            </div>
            <div className="tile">
              <span className="tile-value" data-testid="budget-spent">
                {number(b.spent)}
              </span>
              <span className="tile-label">{t('query.budgetSpent')}</span>
            </div>
          </div>
          <meter
            className="query-meter"
            aria-label={t('query.budgetMeter')}
            min={0}
            max={b.total}
            low={b.total * 0.2}
            optimum={b.total}
            value={b.left ?? 0}
            title={`${Math.round(share * 100)} %`}
          />
        </>
      )}
    </section>
  );
}
