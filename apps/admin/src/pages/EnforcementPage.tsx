import { useState } from 'react';
import { request } from '../api/client';
import { ConfirmButton } from '../components/ConfirmDialog';
import { DateInput } from '../components/DateInput';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  EnforcementOrdersDocument,
  FreezeDatasetDocument,
  FreezeGrantDocument,
  FreezeOrganizationDocument,
  GrantsDocument,
  IssueRectificationOrderDocument,
  LiftFreezeDocument,
  LiftRectificationOrderDocument,
  OrganizationsDocument,
  type EnforcementOrderRowFragment,
  type EnforcementStatus,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import { useSession } from '../lib/session';
import { shortId, useDatasetTitles } from '../lib/useDatasetTitles';
import { useQuery } from '../lib/useQuery';

type FreezeTarget = 'DATASET' | 'ORGANIZATION' | 'GRANT';
const STATUSES: EnforcementStatus[] = ['ACTIVE', 'LIFTED', 'COMPLIED'];

/** Suggestions for the target id: listings, organizations and grants the regulator sees. */
function TargetSuggestions({ id, type }: { id: string; type: FreezeTarget }) {
  const titles = useDatasetTitles();
  const orgs = useQuery(() => request(OrganizationsDocument), 'orgs');
  const grants = useQuery(() => request(GrantsDocument), 'grants', { skip: type !== 'GRANT' });
  const options: Array<{ value: string; label: string }> =
    type === 'DATASET'
      ? [...titles].map(([value, d]) => ({ value, label: `${d.title} · ${d.ownerName}` }))
      : type === 'ORGANIZATION'
        ? (orgs.data?.organizations ?? []).map((o) => ({ value: o.id, label: o.name }))
        : (grants.data?.grants ?? []).map((g) => ({
            value: g.id,
            label: `${titles.get(g.datasetId)?.title ?? shortId(g.datasetId)} · ${g.purposes.join(', ')} · ${g.status}`,
          }));
  return (
    <datalist id={id}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </datalist>
  );
}

function IssueForm({
  kind,
  onIssued,
}: {
  kind: 'FREEZE' | 'RECTIFICATION';
  onIssued: (text: string) => void;
}) {
  const { t } = useI18n();
  const [type, setType] = useState<FreezeTarget>('DATASET');
  const [targetId, setTargetId] = useState('');
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState('');
  const [deadline, setDeadline] = useState('');
  const [missing, setMissing] = useState(false);
  const prefix = kind === 'FREEZE' ? 'freeze' : 'order';
  const types: FreezeTarget[] =
    kind === 'FREEZE' ? ['DATASET', 'ORGANIZATION', 'GRANT'] : ['DATASET', 'ORGANIZATION'];

  const vars = { id: targetId.trim(), reason: reason.trim(), legalBasis: basis.trim() };
  const complete = () => {
    const bad =
      !vars.id || !vars.reason || !vars.legalBasis || (kind === 'RECTIFICATION' && !deadline);
    setMissing(bad);
    return !bad;
  };

  async function issue() {
    let order: EnforcementOrderRowFragment;
    if (kind === 'RECTIFICATION') {
      order = (
        await request(IssueRectificationOrderDocument, {
          input: {
            targetType: type === 'GRANT' ? 'DATASET' : type,
            targetId: vars.id,
            reason: vars.reason,
            legalBasis: vars.legalBasis,
            deadline: new Date(deadline).toISOString(),
          },
        })
      ).issueRectificationOrder;
    } else if (type === 'DATASET')
      order = (await request(FreezeDatasetDocument, vars)).freezeDataset;
    else if (type === 'ORGANIZATION')
      order = (await request(FreezeOrganizationDocument, vars)).freezeOrganization;
    else order = (await request(FreezeGrantDocument, vars)).freezeGrant;
    setTargetId('');
    setReason('');
    setDeadline('');
    onIssued(t('enforcement.issued', { id: shortId(order.id) }));
  }

  return (
    <form
      className="card form-grid"
      onSubmit={(e) => e.preventDefault()}
      aria-labelledby={`${prefix}-title`}
      data-testid={`${prefix}-form`}
    >
      <h2 id={`${prefix}-title`}>
        {kind === 'FREEZE' ? t('enforcement.freezeTitle') : t('enforcement.orderTitle')}
      </h2>
      <label className="field">
        <span>{t('enforcement.targetType')}</span>
        <select value={type} onChange={(e) => setType(e.target.value as FreezeTarget)}>
          {types.map((x) => (
            <option key={x} value={x}>
              {t(`enforcement.target.${x}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('enforcement.targetId')}</span>
        <input
          list={`${prefix}-targets`}
          value={targetId}
          onChange={(e) => setTargetId(e.target.value)}
          aria-describedby={`${prefix}-target-help`}
        />
        <span id={`${prefix}-target-help`} className="muted small">
          {t('enforcement.targetHelp')}
        </span>
        <TargetSuggestions id={`${prefix}-targets`} type={type} />
      </label>
      <label className="field">
        <span>{t('enforcement.reason')}</span>
        <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('enforcement.basis')}</span>
        <input
          value={basis}
          placeholder={t('enforcement.basisHelp')}
          onChange={(e) => setBasis(e.target.value)}
        />
      </label>
      {kind === 'RECTIFICATION' ? (
        <label className="field">
          <span>{t('enforcement.deadline')}</span>
          <DateInput value={deadline} onChange={setDeadline} withTime />
        </label>
      ) : null}
      {missing ? (
        <p className="error-text small" role="alert">
          {t('enforcement.required')}
        </p>
      ) : null}
      <div className="actions">
        <ConfirmButton
          label={kind === 'FREEZE' ? t('enforcement.submitFreeze') : t('enforcement.submitOrder')}
          title={
            kind === 'FREEZE'
              ? t('confirm.freezeTitle', { target: t(`enforcement.target.${type}`), id: vars.id })
              : t('confirm.orderTitle', { target: t(`enforcement.target.${type}`), id: vars.id })
          }
          consequence={
            <p>{kind === 'FREEZE' ? t(`confirm.freeze.${type}`) : t('confirm.order')}</p>
          }
          confirmLabel={kind === 'FREEZE' ? t('confirm.freezeConfirm') : t('confirm.orderConfirm')}
          className={kind === 'FREEZE' ? 'button button-reject' : 'button button-primary'}
          confirmClassName={kind === 'FREEZE' ? 'button button-reject' : 'button button-primary'}
          beforeOpen={complete}
          onConfirm={issue}
        />
      </div>
    </form>
  );
}

function CloseForm({
  order,
  onDone,
}: {
  order: EnforcementOrderRowFragment;
  onDone: (text: string) => void;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);

  const noteGiven = () => {
    setMissing(!note.trim());
    return Boolean(note.trim());
  };
  async function close(complied: boolean | null) {
    if (order.kind === 'FREEZE')
      await request(LiftFreezeDocument, { orderId: order.id, note: note.trim() });
    else
      await request(LiftRectificationOrderDocument, {
        orderId: order.id,
        complied: complied ?? false,
        note: note.trim(),
      });
    onDone(t('enforcement.closed', { id: shortId(order.id) }));
  }
  const closeButton = (label: string, complied: boolean | null, className: string) => (
    <ConfirmButton
      label={label}
      title={t('confirm.closeTitle', { action: label, id: shortId(order.id) })}
      consequence={
        <p>
          {order.kind === 'FREEZE'
            ? t('confirm.lift')
            : complied
              ? t('confirm.complied')
              : t('confirm.withdraw')}
        </p>
      }
      confirmLabel={label}
      className={className}
      confirmClassName={className}
      beforeOpen={noteGiven}
      onConfirm={() => close(complied)}
    />
  );

  return (
    <form
      className="decide"
      onSubmit={(e) => e.preventDefault()}
      aria-label={t('enforcement.liftFor', { id: shortId(order.id) })}
    >
      <label className="field">
        <span className="small">{t('enforcement.note')}</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={missing} />
        {missing ? <span className="error-text small">{t('enforcement.noteRequired')}</span> : null}
      </label>
      <div className="actions">
        {order.kind === 'FREEZE' ? (
          closeButton(t('enforcement.lift'), null, 'button')
        ) : (
          <>
            {closeButton(t('enforcement.complied'), true, 'button button-primary')}
            {closeButton(t('enforcement.withdraw'), false, 'button')}
          </>
        )}
      </div>
    </form>
  );
}

/** Regulators: freezes and rectification orders; admins read them. */
export function EnforcementPage() {
  const { t, dateTime } = useI18n();
  const { ability } = useSession();
  const canIssue = ability.can('freeze', 'EnforcementOrder');
  const canLift = ability.can('lift', 'EnforcementOrder');
  const [status, setStatus] = useState<EnforcementStatus | ''>('ACTIVE');
  const [flash, setFlash] = useState<string | null>(null);
  const q = useQuery(
    () =>
      status
        ? request(EnforcementOrdersDocument, { status })
        : request(EnforcementOrdersDocument, {}),
    `orders-${status}`,
  );
  const rows = q.data?.enforcementOrders ?? [];
  const done = (text: string) => {
    setFlash(text);
    q.reload();
  };

  return (
    <section aria-labelledby="enforcement-title">
      <h1 id="enforcement-title">{t('enforcement.title')}</h1>
      <p className="muted">{t('enforcement.intro')}</p>
      {!canIssue ? <p className="muted">{t('enforcement.readOnly')}</p> : null}
      {flash ? (
        <p className="flash" role="status">
          {flash}
        </p>
      ) : null}
      {canIssue ? (
        <div className="grid-2">
          <IssueForm kind="FREEZE" onIssued={done} />
          <IssueForm kind="RECTIFICATION" onIssued={done} />
        </div>
      ) : null}
      <label className="field">
        <span>{t('enforcement.filterStatus')}</span>
        <select
          value={status}
          onChange={(e) => setStatus(e.target.value as EnforcementStatus | '')}
        >
          <option value="">{t('filter.any')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`enforcement.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {q.loading && !q.data ? (
        <Loading />
      ) : q.error ? (
        <ErrorBox error={q.error} onRetry={q.reload} />
      ) : rows.length === 0 ? (
        <Empty>{t('enforcement.empty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="enforcement-table" aria-busy={q.loading}>
            <caption className="visually-hidden">{t('enforcement.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('enforcement.col.kind')}</th>
                <th scope="col">{t('enforcement.col.target')}</th>
                <th scope="col">{t('enforcement.col.reason')}</th>
                <th scope="col">{t('enforcement.col.basis')}</th>
                <th scope="col">{t('enforcement.col.deadline')}</th>
                <th scope="col">{t('enforcement.col.status')}</th>
                <th scope="col">{t('enforcement.col.issued')}</th>
                {canLift ? <th scope="col">{t('enforcement.col.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr key={o.id} data-order-id={o.id}>
                  <td>{t(`enforcement.kind.${o.kind}`)}</td>
                  <td>
                    {t(`enforcement.target.${o.targetType}`)}:{' '}
                    {o.targetName ?? <code>{shortId(o.targetId)}</code>}
                  </td>
                  <td>{o.reason}</td>
                  <td>{o.legalBasis}</td>
                  <td>{o.deadline ? dateTime(o.deadline) : '—'}</td>
                  <td>
                    <span
                      className={`badge ${o.overdue ? 'status-untradeable' : o.status === 'ACTIVE' ? 'status-in_review' : ''}`}
                    >
                      {o.overdue ? t('enforcement.overdue') : t(`enforcement.status.${o.status}`)}
                    </span>
                    {o.closeNote ? <div className="muted small">{o.closeNote}</div> : null}
                  </td>
                  <td>{dateTime(o.createdAt)}</td>
                  {canLift ? (
                    <td>{o.status === 'ACTIVE' ? <CloseForm order={o} onDone={done} /> : null}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
