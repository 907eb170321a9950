// Errors the API reports, in the reader's language. Every error has `extensions.code` (REST:
// `code`); domain errors add `reason` (their domain's code) and `params` (the figures and
// names of the message: a status, a column, a limit…). In en the API's own message is shown
// (it is written for a person, in English); in zh the message is rendered from the reason
// and its parameters, and an error with no Chinese rendering shows its code's heading with
// the English original kept out of the way.
import type { ApiError } from '../api/client';

export type ErrorParams = Readonly<Record<string, string | number | boolean | null>>;
type Render = (p: ErrorParams) => string;

const s = (p: ErrorParams, key: string): string => (p[key] == null ? '' : String(p[key]));

const STATUS_ZH: Record<string, string> = {
  DRAFT: '草稿',
  CLASSIFYING: '分类中',
  TRADEABLE: '可交易',
  IN_REVIEW: '审核中',
  UNTRADEABLE: '不可交易',
  PUBLISHED: '已上架',
  REJECTED: '已驳回',
  SUSPENDED: '已暂停',
  PENDING: '待处理',
  APPROVED: '已批准',
  DENIED: '已拒绝',
  REFUSED: '已拒绝',
  ACTIVE: '有效',
  REVOKED: '已撤销',
  EXPIRED: '已过期',
  LIFTED: '已解除',
  COMPLIED: '已整改',
};
const status = (p: ErrorParams) => {
  const v = s(p, 'status');
  return STATUS_ZH[v] ?? v;
};

const WHAT_ZH: Record<string, string> = {
  dataset: '数据集',
  grant: '授权',
  organization: '机构',
  user: '用户',
  'access request': '访问申请',
  'cross-border evidence': '跨境证明',
  'enforcement order': '执法命令',
  tile: '哈希瓦片',
  'entry bundle': '条目包',
};

/** zh by `reason` (domain codes are unique enough across domains for these texts). */
const REASON_ZH: Record<string, Render> = {
  // auth
  INVALID_CREDENTIALS: () => '邮箱或密码错误。',
  EMAIL_TAKEN: () => '该邮箱已有账户。',
  ORGANIZATION_NAME_TAKEN: () => '已有同名机构：请从机构列表中选择它。',
  TOO_MANY_ATTEMPTS: (p) => `登录失败次数过多，请 ${s(p, 'retryAfterSeconds')} 秒后再试。`,
  ACCOUNT_DISABLED: () => '该账户已被平台管理员停用；请联系管理员重新启用。',
  // datasets
  ILLEGAL_TRANSITION: (p) =>
    p.status
      ? `数据集当前状态为“${status(p)}”，不能执行此操作。`
      : '您的机构尚未核验，或数据集当前状态不允许此操作。',
  NO_FILE: () => '请先上传文件。',
  FILE_TOO_LARGE: (p) => `文件超过 ${s(p, 'maxBytes')} 字节的上限。`,
  UPLOAD_INCOMPLETE: () => '上传未完成：连接在文件传完之前中断。',
  EMPTY_FILE: () => '文件为空。',
  MISSING_RIGHT: () => '数据集未声明此操作所需的权利（持有、加工或产品经营权）。',
  NO_ONWARD_TRANSFER: () => '所购数据的授权不允许再转让，不能上架。',
  // access
  NOT_PENDING: (p) => `该事项当前状态为“${status(p)}”，已不在待处理状态。`,
  GRANT_NOT_ACTIVE: (p) =>
    p.status ? `该授权当前状态为“${status(p)}”，已不再有效。` : '该授权已不再有效。',
  POLICY_REFUSED: () => '授权的使用策略已不再满足（例如同意已撤回或已过期）。',
  IDEMPOTENCY_KEY_REUSED: () => '该幂等键已用于另一个不同的请求。',
  TOKEN_GONE: () => '该下载链接已使用或已过期；请重新获取。',
  TOKEN_INVALID: () => '该下载链接无效。',
  TOKEN_NOT_YOURS: () => '该下载链接是签发给其他人的。',
  QUERY_ONLY_GRANT: () => '该授权仅限聚合查询（QUERY），不能下载数据行。',
  // enforcement
  FROZEN: (p) =>
    `监管机关的冻结令禁止此操作${p.orderId ? `（命令 ${s(p, 'orderId').slice(0, 8)}）` : ''}。`,
  ALREADY_FROZEN: (p) =>
    `对象已被冻结${p.orderId ? `（命令 ${s(p, 'orderId').slice(0, 8)}）` : ''}。`,
  NOT_ACTIVE: (p) => `该命令已结案（${status(p)}）。`,
  WRONG_KIND: () => '命令类型不符。',
  CORE_DATA: () => '核心数据（GB/T 43697-2024）不得交易。',
  IMPORTANT_NOT_AUTHORISED: () => '重要数据须经监管机关授权方可交易。',
  NOT_IMPORTANT: () => '当前版本不属于重要数据，无需授权。',
  TIER_WOULD_BE_CROSSED: () => '此次交付将使需方累计持有量越过 2017 年“两高”解释第5条的档次。',
  // aggregate queries
  INVALID_QUERY: () => '查询无效：请检查各项设置。',
  COLUMN_NOT_FOUND: (p) => `数据集没有列“${s(p, 'column')}”。`,
  COLUMN_PROTECTED: (p) => `列“${s(p, 'column')}”受保护（直接标识符或敏感信息），不能这样使用。`,
  GENERALISATION_REQUIRED: (p) => `列“${s(p, 'column')}”是准标识符，只能泛化后使用。`,
  GENERALISATION_INVALID: (p) => `该泛化方式不适用于列“${s(p, 'column')}”。`,
  DP_UNSUPPORTED: () => '差分隐私授权不支持该统计方式，或缺少裁剪上下界。',
  TOO_MANY_GROUPS: () => '分组过多：请减少分组列或使用更粗的分组。',
  QUERY_TOO_EXPENSIVE: () => '查询开销过大：请增加筛选条件或减少分组列。',
  BUDGET_EXHAUSTED: (p) =>
    `隐私预算不足：本次查询需 ε = ${s(p, 'cost')}，剩余 ε = ${s(p, 'left')}（共 ${s(p, 'total')}）；重复之前的查询不消耗预算。`,
  NOT_A_QUERY_GRANT: () => '该授权用于下载（DOWNLOAD），聚合查询需以 QUERY 方式申请的授权。',
  DATA_CHANGED: () => '查询期间有数据主体撤回了同意；请重新运行（其数据行将被排除）。',
  UNSUPPORTED_FILE: () => '该文件的格式不支持聚合查询。',
  QUERY_NOT_OFFERABLE: () => '该数据集目前不能提供聚合查询。',
  OFFER_NOT_PENDING: () => '该挂牌没有待审核的查询提供。',
  // remediation
  INVALID_TRANSFORM: () => '整改变换无效：请检查每列的变换。',
  UNKNOWN_COLUMN: (p) => `当前版本没有列“${s(p, 'column')}”。`,
  NOT_CLASSIFIED: () => '当前版本尚无结论：请上传文件并等待分类完成。',
  UNREADABLE_VERSION: () => '当前版本无法读取，不能变换：请上传可读的文件。',
  NO_CONSENT_MANIFEST: () => '“仅保留已同意的行”需要当前版本附有同意清单：请先附加同意证明。',
  NOTHING_LEFT: () => '变换后不会剩下任何数据行。',
  VERSION_CHANGED: () => '期间上传了新版本：请查看后重新整改。',
  // cross-border evidence
  EMPTY_DOCUMENT: () => '文件为空。',
  DOCUMENT_TOO_LARGE: () => '文件超过大小上限。',
  // ledger
  BAD_RANGE: () => '证明的范围无效。',
  ENTRY_TOO_LARGE: () => '账本条目过大。',
  NO_CHECKPOINT: () => '尚无达到见证人法定数量的检查点。',
  TILES_DAMAGED: () => '账本存储已损坏。',
};

/** zh by code, for errors without a reason of their own. */
const CODE_ZH: Record<string, Render> = {
  NOT_FOUND: (p) =>
    p.what
      ? `找不到${WHAT_ZH[s(p, 'what')] ?? s(p, 'what')}（${s(p, 'id').slice(0, 8)}），或您无权查看。`
      : '找不到所请求的对象，或您无权查看。',
  FORBIDDEN: () => '您的角色无权执行此操作。',
  UNAUTHENTICATED: () => '请先登录。',
  NETWORK: () => '无法连接交易所：请检查网络后重试。',
  GONE: () => '所请求的内容已不再可用。',
  PAYLOAD_TOO_LARGE: () => '内容超过大小上限。',
  UNSUPPORTED_MEDIA_TYPE: () => '不支持该内容类型。',
  TOO_MANY_REQUESTS: () => '请求过于频繁，请稍后再试。',
  INTERNAL_SERVER_ERROR: () => '服务器内部错误，请稍后再试。',
};

export interface ErrorText {
  /** The message to show. */
  text: string;
  /** The API's English original, when `text` is not it (shown collapsed). */
  original: string | null;
  /** True when no rendering in the language exists (text is then the code's heading). */
  fallback: boolean;
}

/** An error's message in `lang`, from its reason or code and its parameters. */
export function errorText(
  error: Pick<ApiError, 'code' | 'message' | 'reason' | 'params'>,
  lang: 'en' | 'zh',
): ErrorText {
  if (lang === 'en') return { text: error.message, original: null, fallback: false };
  const render = (error.reason ? REASON_ZH[error.reason] : undefined) ?? CODE_ZH[error.code];
  if (render) return { text: render(error.params), original: error.message, fallback: false };
  return { text: '', original: error.message, fallback: true };
}

/** The reasons and codes rendered in zh (for tests of coverage). */
export const RENDERED_REASONS: readonly string[] = Object.keys(REASON_ZH);
