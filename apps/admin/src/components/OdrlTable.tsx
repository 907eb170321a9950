import { useI18n, type MessageKey, type Translate } from '../lib/i18n';

/** The parts of an ODRL policy the exchange writes (an Agreement or an Offer). */
interface Constraint {
  leftOperand: string;
  operator: string;
  rightOperand: unknown;
}
interface Rule {
  action: string;
  constraint?: Constraint[];
}
export interface OdrlPolicy {
  '@type'?: string;
  uid?: string;
  target?: string;
  assigner?: string;
  assignee?: string;
  permission?: Rule[];
  prohibition?: Rule[];
}

const ACTIONS: Record<string, MessageKey> = {
  use: 'odrl.action.use',
  distribute: 'odrl.action.distribute',
  transfer: 'odrl.action.transfer',
  reproduce: 'odrl.action.reproduce',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a policy from the API's JSON, keeping only well-formed rules. */
export function asOdrl(value: unknown): OdrlPolicy | null {
  if (!isObject(value)) return null;
  const rules = (list: unknown): Rule[] =>
    Array.isArray(list)
      ? list.filter(isObject).flatMap((r) =>
          typeof r.action === 'string'
            ? [
                {
                  action: r.action,
                  constraint: Array.isArray(r.constraint)
                    ? r.constraint.filter(isObject).flatMap((c) =>
                        typeof c.leftOperand === 'string' && typeof c.operator === 'string'
                          ? [{ leftOperand: c.leftOperand, operator: c.operator, rightOperand: c.rightOperand }]
                          : [],
                      )
                    : [],
                },
              ]
            : [],
        )
      : [];
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    '@type': str(value['@type']),
    uid: str(value.uid),
    target: str(value.target),
    assigner: str(value.assigner),
    assignee: str(value.assignee),
    permission: rules(value.permission),
    prohibition: rules(value.prohibition),
  };
}

/** One constraint in words: "only for marketing or research", "within CN-HB", "until 2 March 2027". */
function constraintText(c: Constraint, t: Translate, dateTime: (iso: string) => string): string {
  const list = Array.isArray(c.rightOperand) ? c.rightOperand.map(String) : [String(c.rightOperand)];
  switch (c.leftOperand) {
    case 'purpose':
      return t('odrl.purpose', { purposes: list.join(t('odrl.or')) });
    case 'spatial':
      return list.length === 1 && list[0] === 'CN' ? t('odrl.mainland') : t('odrl.spatial', { region: list.join(', ') });
    case 'dateTime':
      return t(c.operator === 'lt' || c.operator === 'lteq' ? 'odrl.until' : 'odrl.from', { at: dateTime(list[0]) });
    case 'elapsedTime':
      return t('odrl.duration', { duration: list[0] });
    case 'deliveryChannel':
      return t('odrl.aggregateOnly');
    case 'urn:eastlake:requestedDuration':
      return t('odrl.requestedDuration');
    case 'urn:eastlake:anyPurpose':
      return t('offer.anyPurpose');
    case 'urn:eastlake:unlessOnward':
      return t('odrl.unlessOnward');
    case 'urn:eastlake:minGroupSize':
      return t('odrl.minGroup', { k: list[0] });
    default:
      return `${c.leftOperand} ${c.operator} ${list.join(', ')}`;
  }
}

/** The policy a grant for this offer would carry, before the request fixes purpose, region and time. */
export function offerPolicy(offer: {
  purposes: ReadonlyArray<{ purpose: string; verdict: string }>;
  anyPurpose: boolean;
  region: string;
  crossBorder: boolean;
  deliveryModes: readonly string[];
}): OdrlPolicy {
  const purposes = offer.purposes.filter((p) => p.verdict === 'TRADEABLE').map((p) => p.purpose);
  const queryOnly = offer.deliveryModes.length > 0 && offer.deliveryModes.every((m) => m === 'QUERY');
  return {
    '@type': 'Offer',
    permission: [
      {
        action: 'use',
        constraint: [
          offer.anyPurpose
            ? { leftOperand: 'urn:eastlake:anyPurpose', operator: 'eq', rightOperand: true }
            : { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: purposes },
          ...(offer.crossBorder ? [] : [{ leftOperand: 'spatial', operator: 'isPartOf', rightOperand: offer.region }]),
          { leftOperand: 'urn:eastlake:requestedDuration', operator: 'eq', rightOperand: true },
          ...(queryOnly ? [{ leftOperand: 'deliveryChannel', operator: 'eq', rightOperand: 'aggregate' }] : []),
        ],
      },
    ],
    prohibition: [
      { action: 'distribute', constraint: [{ leftOperand: 'urn:eastlake:unlessOnward', operator: 'eq', rightOperand: true }] },
      { action: 'transfer', constraint: [{ leftOperand: 'urn:eastlake:unlessOnward', operator: 'eq', rightOperand: true }] },
      ...(queryOnly ? [{ action: 'reproduce' }] : []),
    ],
  };
}

/**
 * An ODRL policy as a readable table: each permission and prohibition with its action and
 * constraints in words, and who grants it to whom (by name, when the caller knows them).
 */
export function OdrlTable({
  policy,
  names = {},
  caption,
}: {
  policy: OdrlPolicy;
  /** Organization names by the id in `urn:eastlake:org:<id>`. */
  names?: Record<string, string>;
  caption: string;
}) {
  const { t, dateTime } = useI18n();
  const party = (urn?: string) => {
    if (!urn) return '—';
    const id = urn.replace(/^urn:eastlake:org:/, '');
    return names[id] ?? t('odrl.someOrganization');
  };
  const rows: Array<{ kind: 'permission' | 'prohibition'; rule: Rule }> = [
    ...(policy.permission ?? []).map((rule) => ({ kind: 'permission' as const, rule })),
    ...(policy.prohibition ?? []).map((rule) => ({ kind: 'prohibition' as const, rule })),
  ];
  return (
    <div className="odrl" data-testid="odrl-policy">
      {policy.assigner || policy.assignee ? (
        <p className="small">
          {t('odrl.parties', { assigner: party(policy.assigner), assignee: party(policy.assignee) })}
        </p>
      ) : null}
      <table className="table compact">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('odrl.rule')}</th>
            <th scope="col">{t('odrl.actionColumn')}</th>
            <th scope="col">{t('odrl.conditions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ kind, rule }, i) => (
            <tr key={`${kind}-${rule.action}-${i}`}>
              <th scope="row">
                <span className={`badge ${kind === 'permission' ? 'verdict-tradeable' : 'verdict-untradeable'}`}>
                  {t(kind === 'permission' ? 'odrl.permission' : 'odrl.prohibition')}
                </span>
              </th>
              <td>{ACTIONS[rule.action] ? t(ACTIONS[rule.action]) : rule.action}</td>
              <td>
                {(rule.constraint ?? []).length === 0 ? (
                  kind === 'prohibition' ? t('odrl.always') : '—'
                ) : (
                  <ul className="plain">
                    {(rule.constraint ?? []).map((c, j) => (
                      <li key={j}>{constraintText(c, t, dateTime)}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A grant's policy from the API's JSON, as the table (or nothing when it is not ODRL-shaped). */
export function GrantPolicy({ policy, names }: { policy: unknown; names: Record<string, string> }) {
  const { t } = useI18n();
  const odrl = asOdrl(policy);
  return odrl ? <OdrlTable policy={odrl} names={names} caption={t('grant.policy')} /> : null;
}
