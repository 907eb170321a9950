import { ROLES, type Role } from '@eastlake/policy';
import { useState } from 'react';
import { ApiError, request } from '../api/client';
import { LedgerData, LedgerSubject, useSubjectNames } from '../components/LedgerSubject';
import { Empty, ErrorBox, Loading } from '../components/states';
import {
  LedgerEntriesDocument,
  LedgerHeadDocument,
  type SignedHeadFragment,
} from '../graphql/generated';
import { useI18n } from '../lib/i18n';
import {
  fingerprint,
  keepHead,
  keptHead,
  verifyInBrowser,
  verifyWitnessesInBrowser,
  type LedgerRow,
  type VerificationReport,
} from '../lib/ledger-verify';
import { useQuery } from '../lib/useQuery';
import { ledgerActionLabel } from '../lib/ledger-actions';

const PAGE = 20;

function str(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value);
}
function field(entry: Record<string, unknown>, key: string, sub?: string): string {
  const v = entry[key];
  if (sub && v && typeof v === 'object') return str((v as Record<string, unknown>)[sub]);
  return str(v);
}

function HeadFacts({ head, label }: { head: SignedHeadFragment; label: string }) {
  const { t, dateTime } = useI18n();
  return (
    <dl className="facts" aria-label={label}>
      <dt>{t('ledger.treeSize')}</dt>
      <dd data-testid="head-size">{head.treeSize}</dd>
      <dt>{t('ledger.rootHash')}</dt>
      <dd>
        <code className="hash">{head.rootHash}</code>
      </dd>
      <dt>{t('ledger.signedAt')}</dt>
      <dd>{dateTime(head.timestamp)}</dd>
      <dt>{t('ledger.signature')}</dt>
      <dd>
        <code className="hash">{head.signature}</code>
      </dd>
      <dt>{t('ledger.keyFingerprint')}</dt>
      <dd>
        <code className="hash">{fingerprint(head.publicKey)}</code>
      </dd>
    </dl>
  );
}

function Report({ report }: { report: VerificationReport }) {
  const { t } = useI18n();
  return (
    <section
      className={`card verify-report ${report.ok ? 'verify-ok' : 'verify-bad'}`}
      aria-labelledby="verify-title"
      data-testid="verify-report"
      data-ok={report.ok ? 'true' : 'false'}
    >
      <h2 id="verify-title" role="status">
        {report.ok ? `✔ ${t('ledger.verifyOk')}` : `✘ ${t('ledger.verifyBad')}`}
      </h2>
      <p className="muted">
        {t('ledger.verifiedAgainst', { size: report.head.treeSize })}{' '}
        {report.previous
          ? t('ledger.fromKept', { size: report.previous.treeSize })
          : t('ledger.firstRun')}
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">{t('ledger.check')}</th>
            <th scope="col">{t('ledger.subject')}</th>
            <th scope="col">{t('ledger.result')}</th>
            <th scope="col">{t('ledger.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {report.checks.map((c, i) => (
            <tr key={i} className={c.ok ? 'row-ok' : 'row-bad'}>
              <th scope="row">{t(`check.${c.kind}`)}</th>
              <td>{c.subject}</td>
              <td>{c.ok ? `✔ ${t('ledger.pass')}` : `✘ ${t('ledger.fail')}`}</td>
              <td>
                <code className="hash small">{c.detail}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function WitnessesCard() {
  const { t, dateTime } = useI18n();
  const state = useQuery(() => verifyWitnessesInBrowser(), 'witnesses');
  const report = state.data;
  const valid = report ? report.witnesses.filter((w) => w.cosigned).length : 0;
  return (
    <section className="card" aria-labelledby="witnesses-title" data-testid="witnesses">
      <div className="card-head">
        <h2 id="witnesses-title">{t('ledger.witnesses')}</h2>
        <button
          type="button"
          className="button button-quiet"
          onClick={state.reload}
          disabled={state.loading}
        >
          {t('ledger.verify')}
        </button>
      </div>
      <p className="muted small">{t('ledger.witnessesIntro')}</p>
      {state.loading && !report ? (
        <Loading />
      ) : state.error ? (
        <ErrorBox error={state.error} onRetry={state.reload} />
      ) : report ? (
        <>
          <dl className="facts" aria-label={t('ledger.checkpoint')}>
            <dt>{t('ledger.checkpoint')}</dt>
            <dd data-testid="checkpoint">
              {report.checkpoint ? (
                <code className="hash small">
                  {t('ledger.checkpointOf', {
                    size: report.checkpoint.treeSize,
                    root: report.checkpoint.rootHash,
                  })}
                </code>
              ) : (
                t('ledger.noCheckpoint', { problem: report.checkpointProblem ?? '' })
              )}
            </dd>
            <dt>{t('ledger.checkpointSignature')}</dt>
            <dd data-testid="checkpoint-signature">
              {report.checkpoint
                ? report.logSignatureOk
                  ? `✔ ${t('ledger.pass')}`
                  : `✘ ${t('ledger.fail')}`
                : '—'}{' '}
              <code className="hash small">{report.verifierKey}</code>
            </dd>
            {report.witnesses.length > 0 ? (
              <>
                <dt>{t('ledger.result')}</dt>
                <dd data-testid="quorum" data-ok={report.quorumMet ? 'true' : 'false'}>
                  {report.quorumMet
                    ? `✔ ${t('ledger.quorumMet', { valid, quorum: report.quorum })}`
                    : `✘ ${t('ledger.quorumNotMet', { valid, quorum: report.quorum })}`}
                </dd>
              </>
            ) : null}
          </dl>
          {report.witnesses.length === 0 ? (
            <Empty>{t('ledger.noWitnesses')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table compact" data-testid="witness-table">
                <thead>
                  <tr>
                    <th scope="col">{t('ledger.witness')}</th>
                    <th scope="col">{t('ledger.witnessKey')}</th>
                    <th scope="col">{t('ledger.cosignature')}</th>
                    <th scope="col">{t('ledger.lastAttempt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.witnesses.map((w) => (
                    <tr key={w.verifierKey} className={w.cosigned ? 'row-ok' : 'row-bad'}>
                      <th scope="row">
                        {w.name}
                        <div className="muted small">{w.url}</div>
                      </th>
                      <td>
                        <code className="hash small">{w.verifierKey}</code>
                      </td>
                      <td>
                        {w.cosigned && w.timestamp !== null
                          ? `✔ ${t('ledger.cosignedAt', { at: dateTime(new Date(w.timestamp * 1000).toISOString()) })}`
                          : `✘ ${t('ledger.notCosigned')}`}
                      </td>
                      <td className="small">{w.problem ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}

export function LedgerPage() {
  const subjectNames = useSubjectNames();
  const { t, dateTime, lang } = useI18n();
  const head = useQuery(() => request(LedgerHeadDocument), 'head');
  const [after, setAfter] = useState(0);
  const [history, setHistory] = useState<number[]>([]);
  const entries = useQuery(
    () => request(LedgerEntriesDocument, { after, first: PAGE }),
    `entries:${after}`,
  );
  const [selected, setSelected] = useState<Map<number, LedgerRow>>(new Map());
  const [kept, setKept] = useState<SignedHeadFragment | null>(keptHead);
  const [verifying, setVerifying] = useState(false);
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const rows = entries.data?.ledgerEntries ?? [];
  const treeSize = head.data?.ledgerHead.treeSize ?? 0;

  function toggle(row: LedgerRow) {
    const next = new Map(selected);
    if (next.has(row.seq)) next.delete(row.seq);
    else next.set(row.seq, row);
    setSelected(next);
  }
  function go(nextAfter: number) {
    setHistory([...history, after]);
    setAfter(nextAfter);
  }

  async function verify() {
    setVerifying(true);
    setError(null);
    try {
      const result = await verifyInBrowser([...selected.values()].sort((a, b) => a.seq - b.seq));
      setReport(result);
      setKept(keptHead());
      head.reload();
      entries.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 'CLIENT'));
    } finally {
      setVerifying(false);
    }
  }

  return (
    <section aria-labelledby="ledger-title">
      <h1 id="ledger-title">{t('ledger.title')}</h1>
      <p className="muted">{t('ledger.intro')}</p>
      <div className="grid-2">
        <section className="card" aria-labelledby="head-title">
          <h2 id="head-title">{t('ledger.currentHead')}</h2>
          {head.loading && !head.data ? (
            <Loading />
          ) : head.error ? (
            <ErrorBox error={head.error} onRetry={head.reload} />
          ) : head.data ? (
            <HeadFacts head={head.data.ledgerHead} label={t('ledger.currentHead')} />
          ) : null}
        </section>
        <section className="card" aria-labelledby="kept-title">
          <h2 id="kept-title">{t('ledger.keptHead')}</h2>
          <p className="muted small">{t('ledger.keptHelp')}</p>
          {kept ? (
            <HeadFacts head={kept} label={t('ledger.keptHead')} />
          ) : (
            <Empty>{t('ledger.noKept')}</Empty>
          )}
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={!head.data}
              onClick={() => {
                if (head.data) {
                  keepHead(head.data.ledgerHead);
                  setKept(head.data.ledgerHead);
                }
              }}
            >
              {t('ledger.keepCurrent')}
            </button>
            {kept ? (
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  keepHead(null);
                  setKept(null);
                }}
              >
                {t('ledger.forget')}
              </button>
            ) : null}
          </div>
        </section>
      </div>

      <WitnessesCard />

      <section className="card" aria-labelledby="entries-title">
        <div className="card-head">
          <h2 id="entries-title">{t('ledger.entries')}</h2>
          <div className="actions">
            <span className="muted" aria-live="polite">
              {t('ledger.selected', { count: selected.size })}
            </span>
            <button
              type="button"
              className="button"
              disabled={rows.length === 0}
              onClick={() => {
                const next = new Map(selected);
                rows.forEach((r) => next.set(r.seq, r));
                setSelected(next);
              }}
            >
              {t('ledger.selectPage')}
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={verifying || (selected.size === 0 && !kept)}
              onClick={() => void verify()}
            >
              {verifying ? t('ledger.verifying') : t('ledger.verify')}
            </button>
          </div>
        </div>
        {error ? <ErrorBox error={error} /> : null}
        {report ? <Report report={report} /> : null}
        {entries.loading && !entries.data ? (
          <Loading />
        ) : entries.error ? (
          <ErrorBox error={entries.error} onRetry={entries.reload} />
        ) : rows.length === 0 ? (
          <Empty>{t('ledger.empty')}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table compact" data-testid="ledger-table">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t('ledger.choose')}</span>
                  </th>
                  <th scope="col">#</th>
                  <th scope="col">{t('ledger.at')}</th>
                  <th scope="col">{t('ledger.action')}</th>
                  <th scope="col">{t('ledger.subject')}</th>
                  <th scope="col">{t('ledger.actor')}</th>
                  <th scope="col">{t('ledger.leafHash')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.seq}>
                    <td>
                      <input
                        type="checkbox"
                        checked={selected.has(row.seq)}
                        onChange={() => toggle(row)}
                        aria-label={t('ledger.chooseEntry', { seq: row.seq })}
                      />
                    </td>
                    <td>{row.seq}</td>
                    <td>{dateTime(field(row.entry, 'at'))}</td>
                    <td>
                      {ledgerActionLabel(field(row.entry, 'action'), lang) ?? null}{' '}
                      <code className="small muted">{field(row.entry, 'action')}</code>
                    </td>
                    <td>
                      <LedgerSubject
                        type={field(row.entry, 'subject', 'type')}
                        id={field(row.entry, 'subject', 'id')}
                        names={subjectNames}
                      />
                      <LedgerData data={row.entry.data} />
                    </td>
                    <td>
                      {(ROLES as readonly string[]).includes(field(row.entry, 'actor', 'role'))
                        ? t(`role.${field(row.entry, 'actor', 'role') as Role}`)
                        : field(row.entry, 'actor', 'role')}
                    </td>
                    <td>
                      <code className="hash small" title={row.leafHash}>
                        {row.leafHash.slice(0, 16)}…
                      </code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="pager">
          <button
            type="button"
            className="button"
            disabled={history.length === 0}
            onClick={() => {
              setAfter(history[history.length - 1] ?? 0);
              setHistory(history.slice(0, -1));
            }}
          >
            ← {t('pager.previous')}
          </button>
          <span className="muted">
            {rows.length > 0
              ? t('ledger.range', {
                  from: rows[0].seq,
                  to: rows[rows.length - 1].seq,
                  size: treeSize,
                })
              : ''}
          </span>
          <button
            type="button"
            className="button"
            disabled={rows.length < PAGE}
            onClick={() => go(rows[rows.length - 1].seq)}
          >
            {t('pager.next')} →
          </button>
          <button
            type="button"
            className="button button-quiet"
            disabled={treeSize <= PAGE}
            onClick={() => go(Math.max(0, treeSize - PAGE))}
          >
            {t('ledger.latest')}
          </button>
        </div>
      </section>
    </section>
  );
}
