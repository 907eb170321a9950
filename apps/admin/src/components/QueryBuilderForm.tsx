import { useRef, useState, type FormEvent } from 'react';
import type {
  AggregateFunction,
  AggregateQueryInput,
  FilterOp,
  Generalisation,
  QueryBuilderQuery,
} from '../graphql/generated';
import { useI18n, type MessageKey } from '../lib/i18n';

export type QueryColumn = QueryBuilderQuery['queryableColumns'][number];

const FNS: AggregateFunction[] = ['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN'];
const OPS: FilterOp[] = ['EQ', 'NE', 'IN', 'NOT_IN', 'LT', 'LTE', 'GT', 'GTE'];
/** Generalisations with a width, and its default (the API's). */
const WIDTHS: Partial<Record<Generalisation, { min: number; max: number; default: number }>> = {
  AGE_BAND: { min: 5, max: 50, default: 10 },
  POSTAL_PREFIX: { min: 2, max: 4, default: 4 },
  ROUND_COORDINATE: { min: 0, max: 3, default: 2 },
};
/** Measures a differentially private grant refuses (they return one person's value or have no bounded sensitivity). */
const NOT_UNDER_DP = new Set<AggregateFunction>(['MIN', 'MAX', 'MEDIAN']);
const LIMITS = { groupBy: 4, measures: 8, filters: 8 };

interface MeasureRow {
  key: number;
  fn: AggregateFunction;
  column: string;
  lower: string;
  upper: string;
}
interface FilterRow {
  key: number;
  column: string;
  op: FilterOp;
  value: string;
}
interface GroupRow {
  key: number;
  column: string;
}
interface General {
  to: Generalisation | '';
  width: string;
}

/** Group-by columns (only those allowed), measures, filters and generalisations, as a structured query. */
export function QueryBuilderForm({
  columns,
  dp,
  busy,
  onRun,
}: {
  columns: readonly QueryColumn[];
  /** The grant answers with differential privacy (MIN, MAX, MEDIAN refused; SUM and AVG need clip bounds). */
  dp: boolean;
  busy: boolean;
  onRun: (input: AggregateQueryInput, groupCount: number) => void;
}) {
  const { t } = useI18n();
  const next = useRef(1);
  const [groups, setGroups] = useState<GroupRow[]>([{ key: 0, column: '' }]);
  const [measures, setMeasures] = useState<MeasureRow[]>([
    { key: 0, fn: 'COUNT', column: '', lower: '', upper: '' },
  ]);
  const [filters, setFilters] = useState<FilterRow[]>([]);
  const [general, setGeneral] = useState<Record<string, General>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const byName = new Map(columns.map((c) => [c.name, c]));
  const groupable = columns.filter((c) => c.groupable || c.generalisations.length > 0);
  const key = () => next.current++;

  /** A grouped or filtered column's generalisation; a quasi-identifier starts with its first one. */
  const pickColumn = (name: string) => {
    const c = byName.get(name);
    if (c && !c.groupable && !general[name]?.to && c.generalisations.length > 0) {
      const to = c.generalisations[0];
      setGeneral((g) => ({ ...g, [name]: { to, width: String(WIDTHS[to]?.default ?? '') } }));
    }
  };

  /** The generalisation (and width) of a grouped or filtered column; shared by its group and filters. */
  function generalisationPicker(column: string, label: string) {
    const c = byName.get(column);
    if (!c || c.generalisations.length === 0) return null;
    const g = general[column] ?? { to: '', width: '' };
    const width = g.to ? WIDTHS[g.to] : undefined;
    return (
      <>
        <label className="field">
          <span>{t('query.generalisation')}</span>
          <select
            aria-label={`${label}: ${t('query.generalisation')}`}
            value={g.to}
            onChange={(e) => {
              const to = e.target.value as Generalisation | '';
              setGeneral((all) => ({
                ...all,
                [column]: { to, width: to ? String(WIDTHS[to]?.default ?? '') : '' },
              }));
            }}
          >
            {c.groupable ? <option value="">{t('query.asIs')}</option> : null}
            {c.generalisations.map((x) => (
              <option key={x} value={x}>
                {t(`query.gen.${x}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {width && g.to ? (
          <label className="field query-width">
            <span>{t('query.width')}</span>
            <input
              type="number"
              min={width.min}
              max={width.max}
              value={g.width}
              aria-label={`${label}: ${t('query.width')}`}
              aria-describedby={`width-help-${column}`}
              onChange={(e) =>
                setGeneral((all) => ({ ...all, [column]: { ...g, width: e.target.value } }))
              }
            />
            <span id={`width-help-${column}`} className="muted small">
              {t(`query.widthHelp.${g.to}` as MessageKey)}
            </span>
          </label>
        ) : null}
      </>
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const usedGroups = groups.filter((g) => g.column);
    if (measures.length === 0) return setProblem(t('query.needMeasure'));
    if (
      groups.some((g) => !g.column && groups.length > 1) ||
      filters.some((f) => !f.column) ||
      measures.some((m) => !m.column && m.fn !== 'COUNT')
    ) {
      return setProblem(t('query.needColumn'));
    }
    setProblem(null);
    const used = new Set([...usedGroups.map((g) => g.column), ...filters.map((f) => f.column)]);
    const generalise = [...used].flatMap((column) => {
      const g = general[column];
      if (!g?.to) return [];
      const width = WIDTHS[g.to] ? Number(g.width) : null;
      return [{ column, to: g.to, ...(width !== null && g.width !== '' ? { width } : {}) }];
    });
    const input: AggregateQueryInput = {
      groupBy: usedGroups.map((g) => ({ column: g.column })),
      measures: measures.map((m) => ({
        fn: m.fn,
        ...(m.column ? { column: m.column } : {}),
        ...((m.fn === 'SUM' || m.fn === 'AVG') && m.lower !== '' && m.upper !== ''
          ? { clip: { lower: Number(m.lower), upper: Number(m.upper) } }
          : {}),
      })),
      filters: filters.map((f) => ({
        column: f.column,
        op: f.op,
        values:
          f.op === 'IN' || f.op === 'NOT_IN'
            ? f.value
                .split(/[,，]/)
                .map((v) => v.trim())
                .filter(Boolean)
            : [f.value.trim()],
      })),
      generalise,
    };
    onRun(input, usedGroups.length);
  }

  const remove = (label: string, onClick: () => void) => (
    <button
      type="button"
      className="button button-quiet query-remove"
      aria-label={t('query.removeFor', { name: label })}
      onClick={onClick}
    >
      {t('query.remove')}
    </button>
  );

  return (
    <form
      className="card query-builder"
      onSubmit={submit}
      aria-labelledby="query-builder-title"
      noValidate
    >
      <h2 id="query-builder-title">{t('query.builder')}</h2>

      <fieldset className="query-section">
        <legend>{t('query.groupBy')}</legend>
        <p className="muted small">{t('query.groupByHelp')}</p>
        {groups.map((g, i) => {
          const label = t('query.groupLabel', { n: i + 1 });
          return (
            <div className="filters query-row" key={g.key} role="group" aria-label={label}>
              <label className="field">
                <span>{t('query.column')}</span>
                <select
                  aria-label={label}
                  value={g.column}
                  onChange={(e) => {
                    const column = e.target.value;
                    pickColumn(column);
                    setGroups((all) => all.map((x) => (x.key === g.key ? { ...x, column } : x)));
                  }}
                >
                  <option value="">{t('query.chooseColumn')}</option>
                  {groupable.map((c) => (
                    <option
                      key={c.name}
                      value={c.name}
                      disabled={groups.some((x) => x.key !== g.key && x.column === c.name)}
                    >
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              {g.column ? generalisationPicker(g.column, label) : null}
              {remove(label, () => setGroups((all) => all.filter((x) => x.key !== g.key)))}
            </div>
          );
        })}
        <button
          type="button"
          className="button"
          disabled={groups.length >= LIMITS.groupBy}
          onClick={() => setGroups((all) => [...all, { key: key(), column: '' }])}
        >
          {t('query.addGroup')}
        </button>
      </fieldset>

      <fieldset className="query-section">
        <legend>{t('query.measures')}</legend>
        <p className="muted small">{t('query.measuresHelp')}</p>
        {measures.map((m, i) => {
          const label = t('query.measureLabel', { n: i + 1 });
          const allowed = columns.filter((c) => c.measures.includes(m.fn));
          const clip = m.fn === 'SUM' || m.fn === 'AVG';
          const set = (patch: Partial<MeasureRow>) =>
            setMeasures((all) => all.map((x) => (x.key === m.key ? { ...x, ...patch } : x)));
          return (
            <div className="filters query-row" key={m.key} role="group" aria-label={label}>
              <label className="field">
                <span>{t('query.function')}</span>
                <select
                  aria-label={`${label}: ${t('query.function')}`}
                  value={m.fn}
                  onChange={(e) => {
                    const fn = e.target.value as AggregateFunction;
                    const keep = m.column && byName.get(m.column)?.measures.includes(fn);
                    set({ fn, column: keep ? m.column : '' });
                  }}
                >
                  {FNS.map((fn) => (
                    <option key={fn} value={fn} disabled={dp && NOT_UNDER_DP.has(fn)}>
                      {dp && NOT_UNDER_DP.has(fn)
                        ? t('query.fnNoDp', { fn: t(`query.fn.${fn}` as MessageKey) })
                        : t(`query.fn.${fn}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('query.column')}</span>
                <select
                  aria-label={`${label}: ${t('query.column')}`}
                  value={m.column}
                  onChange={(e) => set({ column: e.target.value })}
                >
                  {m.fn === 'COUNT' ? (
                    <option value="">{t('query.rowsOption')}</option>
                  ) : (
                    <option value="">{t('query.chooseColumn')}</option>
                  )}
                  {allowed.map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              {clip ? (
                <>
                  <label className="field query-width">
                    <span>{t('query.clipLower')}</span>
                    <input
                      type="number"
                      value={m.lower}
                      aria-label={`${label}: ${t('query.clipLower')}`}
                      onChange={(e) => set({ lower: e.target.value })}
                    />
                  </label>
                  <label className="field query-width">
                    <span>{t('query.clipUpper')}</span>
                    <input
                      type="number"
                      value={m.upper}
                      aria-label={`${label}: ${t('query.clipUpper')}`}
                      onChange={(e) => set({ upper: e.target.value })}
                    />
                  </label>
                </>
              ) : null}
              {measures.length > 1
                ? remove(label, () => setMeasures((all) => all.filter((x) => x.key !== m.key)))
                : null}
              {clip ? <p className="muted small query-row-help">{t('query.clipHelp')}</p> : null}
            </div>
          );
        })}
        <button
          type="button"
          className="button"
          disabled={measures.length >= LIMITS.measures}
          onClick={() =>
            setMeasures((all) => [
              ...all,
              { key: key(), fn: 'COUNT', column: '', lower: '', upper: '' },
            ])
          }
        >
          {t('query.addMeasure')}
        </button>
      </fieldset>

      <fieldset className="query-section">
        <legend>{t('query.filters')}</legend>
        <p className="muted small">{t('query.filtersHelp')}</p>
        {filters.map((f, i) => {
          const label = t('query.filterLabel', { n: i + 1 });
          const set = (patch: Partial<FilterRow>) =>
            setFilters((all) => all.map((x) => (x.key === f.key ? { ...x, ...patch } : x)));
          return (
            <div className="filters query-row" key={f.key} role="group" aria-label={label}>
              <label className="field">
                <span>{t('query.column')}</span>
                <select
                  aria-label={label}
                  value={f.column}
                  onChange={(e) => {
                    pickColumn(e.target.value);
                    set({ column: e.target.value });
                  }}
                >
                  <option value="">{t('query.chooseColumn')}</option>
                  {groupable.map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              {f.column ? generalisationPicker(f.column, label) : null}
              <label className="field">
                <span>{t('query.op')}</span>
                <select
                  aria-label={`${label}: ${t('query.op')}`}
                  value={f.op}
                  onChange={(e) => set({ op: e.target.value as FilterOp })}
                >
                  {OPS.map((op) => (
                    <option key={op} value={op}>
                      {t(`query.op.${op}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('query.value')}</span>
                <input
                  value={f.value}
                  aria-label={`${label}: ${t('query.value')}`}
                  onChange={(e) => set({ value: e.target.value })}
                />
              </label>
              {remove(label, () => setFilters((all) => all.filter((x) => x.key !== f.key)))}
            </div>
          );
        })}
        <button
          type="button"
          className="button"
          disabled={filters.length >= LIMITS.filters}
          onClick={() =>
            setFilters((all) => [...all, { key: key(), column: '', op: 'EQ', value: '' }])
          }
        >
          {t('query.addFilter')}
        </button>
      </fieldset>

      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('query.running') : t('query.run')}
        </button>
      </div>
      {problem ? (
        <p className="error-text" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
