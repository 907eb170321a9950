// The API's report and risk texts are English; their codes and the report's columns carry
// what each says. In zh these are rendered from the code and its parameters (the column,
// the types it holds, the figures in the message); an unknown code shows a Chinese line
// and keeps the English original out of the way (a closed <details>).
import { useI18n } from './i18n';

const TYPE_ZH: Record<string, string> = {
  CN_MOBILE: '手机号码',
  EMAIL: '电子邮箱',
  CN_RESIDENT_ID: '居民身份证号码',
  BANK_CARD: '银行卡号',
  CN_PASSPORT: '护照号码',
  STOCK_ACCOUNT: '证券账户号码',
  ADDRESS: '街道级地址',
  PERSON_NAME: '姓名',
  IP_ADDRESS: 'IP 地址',
  PSEUDONYMOUS_ID: '哈希化标识符',
  BIRTH_DATE: '出生日期',
  AGE: '年龄',
  GENDER: '性别',
  POSTAL_CODE: '邮政编码',
  HEALTH: '健康信息',
  GEO_TRACE: '行踪轨迹坐标',
  MINOR: '不满十四周岁未成年人的信息',
  CN_USCC: '统一社会信用代码',
  OPAQUE: '不透明编码值',
};

const LAWS: Array<[RegExp, string]> = [
  [/^PIPL Art\. (.+)$/, '《个人信息保护法》第$1条'],
  [/^Cybersecurity Law Art\. (.+)$/, '《网络安全法》第$1条'],
  [/^Data Security Law Art\. (.+)$/, '《数据安全法》第$1条'],
  [/^Criminal Law Art\. 253-1$/, '《刑法》第253条之一'],
  [/^Criminal Law Art\. (.+)$/, '《刑法》第$1条'],
  [/^2017 SPC\/SPP interpretation on personal-information crimes, Art\. (.+)$/, '2017 年“两高”关于侵犯公民个人信息刑事案件的解释第$1条'],
];

export function citationZh(citation: string): string {
  for (const [re, zh] of LAWS) if (re.test(citation)) return citation.replace(re, zh);
  return citation;
}

interface ColumnLike {
  name: string;
  types: ReadonlyArray<{ type: string; ratio: number }>;
}
interface ReasonLike {
  code: string;
  column: string | null;
  message: string;
}

const pct = (r: number) => `${Math.round(r * 100)}%`;

function typesZh(column: ColumnLike | undefined): string {
  if (!column || column.types.length === 0) return '个人信息';
  return [...column.types]
    .sort((a, b) => b.ratio - a.ratio)
    .map((t) => `${TYPE_ZH[t.type] ?? t.type}（占 ${pct(t.ratio)}）`)
    .join('、');
}

const num = (message: string, re: RegExp): string => re.exec(message)?.[1] ?? '';

/** A reason's message in zh from its code, column and the column's detected types; null when unknown. */
export function reasonMessageZh(r: ReasonLike, columns: readonly ColumnLike[]): string | null {
  const col = columns.find((c) => c.name === r.column);
  const name = r.column ?? '';
  const consent = /consent covers (\d+) of (\d+)/i.exec(r.message);
  const consentNote = consent ? `同意证明覆盖了 ${consent[2]} 行中的 ${consent[1]} 行。` : '';
  switch (r.code) {
    case 'DIRECT_IDENTIFIER':
      return `列“${name}”含${typesZh(col)}：可直接识别个人。${consentNote}`;
    case 'PERSON_NAME':
      return `列“${name}”含${typesZh(col)}：与其他列结合可识别个人。${consentNote}`;
    case 'SENSITIVE_IDENTIFIER':
    case 'HEALTH_DATA':
    case 'LOCATION_TRACE':
      return `列“${name}”含${typesZh(col)}：属于敏感个人信息。${consentNote}`;
    case 'MINOR_DATA':
      return `列“${name}”含不满十四周岁未成年人的信息：属于敏感个人信息，须取得监护人同意，本平台无法核验。`;
    case 'SPLIT_IDENTIFIER':
      return `列“${name}”与另一列拆分存放同一直接标识符：逐行拼接后可校验为有效标识符。${consentNote}`;
    case 'PSEUDONYMOUS_ID':
      return `列“${name}”含${typesZh(col)}：哈希化的标识符只是去标识化而非匿名化，持有原始标识符者可以重新关联。`;
    case 'ONLINE_IDENTIFIER':
      return `列“${name}”含${typesZh(col)}，可识别上网用户。`;
    case 'ENTERPRISE_IDENTIFIER':
      return `列“${name}”含${typesZh(col)}：属于企业信息，不是个人信息。`;
    case 'QUASI_IDENTIFIER':
      return `列“${name}”含${typesZh(col)}，属于准标识符。`;
    case 'OPAQUE_VALUES':
      return `列“${name}”含不透明的编码值：交易所无法看出其内容，须人工审核。`;
    case 'SCATTERED_IDENTIFIERS':
      return `列“${name}”中散布着直接标识符。${consentNote}`;
    case 'GROUP_TABLE':
      return `各行描述的是群组（每个组合一行）；最小的群组有 ${num(r.message, /smallest group has (\d+)/)} 人。`;
    case 'K_NOT_COMPUTED':
      return '未能计算 k 匿名值：准标识符的组合过多或数据过大。';
    case 'LOW_K_ANONYMITY':
      return `共享同一准标识符组合的最小群组只有 ${num(r.message, /has (\d+) row/)} 行，可以识别出个人（k < 5）。`;
    case 'K_ANONYMITY':
      return `共享同一准标识符组合的最小群组有 ${num(r.message, /has (\d+) row/)} 行（k ≥ 5）。`;
    case 'CONSENT_NOT_SUFFICIENT_FOR_MINORS':
      return '同意证明不能替代监护人同意：未成年人的数据仍不可交易。';
    case 'EXPOSURE_THRESHOLD':
      return `${num(r.message, /^(\d[\d,]*) distinct/)} 个不同的${TYPE_ZH[Object.keys(TYPE_ZH).find((k) => r.message.includes(k)) ?? ''] ?? '个人信息'}：达到或超过 2017 年“两高”司法解释“情节严重”的 ${num(r.message, /the (\d[\d,]*)-item threshold/)} 条标准。`;
    case 'RESALE_SUSPECTED':
      return '本文件中至少 30% 的人也出现在另一机构的上架数据中：交易前须由审核员核实数据来源。';
    case 'UNREADABLE_INPUT':
      return '无法读取该文件，因此无法分类；没有结论的数据不能上架。';
    case 'CONSENT_COVERS_ALL':
      return '同意证明覆盖了所有需要同意的行：就该用途而言，规则 1 不再适用。';
    case 'CONSENT_NOT_APPLICABLE':
      return '没有需要同意的行：同意证明不改变结论。';
    case 'CONSENT_INCOMPLETE': {
      const [covered = '', needed = ''] = r.message.match(/\d[\d,]*/g) ?? [];
      return `同意证明只覆盖了需要同意的 ${needed} 行中的 ${covered} 行：结论仍为不可交易。`;
    }
    default:
      return null;
  }
}

const REMEDIATION_ZH: Record<string, string> = {
  DIRECT_IDENTIFIER: '删除或遮盖该列（如 138****5678），或附上覆盖每一行的该用途同意证明，并只发布已获同意的行。',
  PERSON_NAME: '删除或遮盖该列（如 张*），或附上覆盖每一行的同意证明。',
  SENSITIVE_PERSONAL_INFO: '删除或遮盖该列（如 420107********123X），或附上对敏感个人信息单独同意、覆盖每一行的同意证明。',
  HEALTH_DATA: '删除或遮盖该列，或附上对敏感个人信息单独同意、覆盖每一行的同意证明。',
  LOCATION_TRACE: '删除坐标或主体列，或把坐标粗化到区县级并汇总；或附上覆盖每一行的同意证明（含对敏感信息的单独同意）。',
  CONSENT_COVERS_ALL: '可以就该用途发布。',
  CONSENT_NOT_APPLICABLE: '无需处理。',
  CONSENT_INCOMPLETE: '补充同意证明使其覆盖每一行，或只发布已获同意的行。',
  MINOR_DATA: '删除不满十四周岁儿童的行。',
  CONSENT_NOT_SUFFICIENT_FOR_MINORS: '删除不满十四周岁儿童的行。',
  SPLIT_IDENTIFIER: '删除或遮盖这两列，或附上覆盖每一行的同意证明。',
  PSEUDONYMOUS_ID: '以交易所的加盐哈希替换，或删除该列。',
  ONLINE_IDENTIFIER: '删除或截断 IP 地址。',
  ENTERPRISE_IDENTIFIER: '该列无需处理。',
  QUASI_IDENTIFIER: '保证每个准标识符组合至少有 5 行。',
  OPAQUE_VALUES: '说明该列的内容，或删除该列。',
  SCATTERED_IDENTIFIERS: '删除或遮盖这些值，或附上覆盖每一行的同意证明。',
  GROUP_TABLE: '合并小群组，使每组至少 5 人。',
  K_NOT_COMPUTED: '减少准标识符或对其泛化后重新上传。',
  LOW_K_ANONYMITY: '泛化准标识符（如出生日期改为年份），使每个组合至少 5 行。',
  K_ANONYMITY: '无需处理。',
  EXPOSURE_THRESHOLD: '在没有合法依据的情况下提供如此数量的信息构成犯罪；请删除这些数据或确保同意证明覆盖它们。',
  RESALE_SUSPECTED: '将来源声明为“获取”并注明所依据的授权，或删除并非自行收集的记录。',
  UNREADABLE_INPUT: '以 UTF-8 或 GB18030 编码的 CSV、NDJSON 或 JSON 数组重新上传。',
};

/**
 * The report's texts in the current language: in en the API's own words; in zh rendered
 * from codes and parameters. `original` says whether the zh line fell back (the caller may
 * show the English original collapsed).
 */
export function useApiText() {
  const { lang } = useI18n();
  const zh = lang === 'zh';
  return {
    zh,
    citation: (c: string) => (zh ? citationZh(c) : c),
    reason: (r: ReasonLike, columns: readonly ColumnLike[]): { text: string; fallback: boolean } => {
      if (!zh) return { text: r.message, fallback: false };
      const text = reasonMessageZh(r, columns);
      return text ? { text, fallback: false } : { text: `规则 ${r.code} 适用。`, fallback: true };
    },
    remediation: (r: { code: string; remediation: string; severity?: string }) => {
      if (!zh) return r.remediation;
      return REMEDIATION_ZH[r.code === 'SENSITIVE_IDENTIFIER' ? 'SENSITIVE_PERSONAL_INFO' : r.code] ?? '请按原文说明处理。';
    },
    risk: (message: string): { text: string; fallback: boolean } => {
      if (!zh) return { text: message, fallback: false };
      const text = riskMessageZh(message);
      return text ? { text, fallback: false } : { text: '详见原文。', fallback: true };
    },
  };
}

/** Risk-flag details in zh, by the shapes the API writes them in; null when unknown. */
export function riskMessageZh(message: string): string | null {
  let m: RegExpExecArray | null;
  if ((m = /^listing "(.+)" pairs contact details \((.+)\) with shareholdings \((.+)\)/.exec(message)))
    return `上架数据“${m[1]}”把联系方式（${m[2]}）与持股信息（${m[3]}）放在一起：这是冒充荐股诈骗股东的材料。`;
  if ((m = /^listing "(.+)" pairs contact details \((.+)\) with age or birth date \((.+)\), people aged (\d+)/.exec(message)))
    return `上架数据“${m[1]}”把联系方式（${m[2]}）与年龄或出生日期（${m[3]}）放在一起，其中有 ${m[4]} 岁以上的人：这是针对老年人的诈骗（假保健酒、保健品）材料。`;
  if ((m = /^acquired "(.+)", which pairs contact details/.exec(message)))
    return `获取了“${m[1]}”，其中联系方式与可用于定向诈骗的信息放在一起。`;
  if ((m = /^received (\d+) distinct (\S+) items: at or above the (\d+)-item threshold/.exec(message)))
    return `收到 ${m[1]} 条不同的${TYPE_ZH[m[2]] ?? m[2]}：达到或超过 2017 年“两高”司法解释第五条的 ${m[3]} 条标准（《刑法》第253条之一）。`;
  if ((m = /^acquired personal information from (\d+) providers in (\d+) days/.exec(message)))
    return `${m[2]} 天内从 ${m[1]} 家供方获取了个人信息。`;
  if ((m = /^uploaded (\d+) UNTRADEABLE versions in (\d+) days/.exec(message)))
    return `${m[2]} 天内上传了 ${m[1]} 个不可交易的版本。`;
  if ((m = /^uploaded (\d+) version\(s\) whose data subjects overlap/.exec(message)))
    return `上传了 ${m[1]} 个版本，其数据主体与另一机构的上架数据重合 30% 以上。`;
  if ((m = /^rectification order (\S+) \((.+)\) was due (\S+) and is overdue \((\d+) full day/.exec(message)))
    return `整改令（${m[2]}）应于 ${m[3]} 完成，已逾期 ${m[4]} 天。`;
  if (/under the 2017 SPC\/SPP interpretation Art\. 5$/.test(message))
    return `按 2017 年“两高”司法解释第五条达到${/especially serious/.test(message) ? '“情节特别严重”' : '“情节严重”'}标准。`;
  return null;
}
