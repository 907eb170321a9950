// Ledger action codes (`entry.action`, e.g. `dataset.published`) in words. The code stays
// the record (it is what the ledger hashes); the page shows the words beside it. In zh
// an action without a rendering shows the code alone.
import type { Lang } from './i18n';

const ACTIONS: Record<string, { en: string; zh: string }> = {
  'account.registered': { en: 'Organization registered', zh: '机构注册' },
  'auth.login_refused': { en: 'Sign-in refused', zh: '登录被拒' },
  'auth.rate_limited': { en: 'Sign-ins throttled', zh: '登录受限' },
  'user.created': { en: 'Account created', zh: '创建账户' },
  'user.role_changed': { en: 'Role changed', zh: '变更角色' },
  'user.disabled': { en: 'Account disabled', zh: '停用账户' },
  'user.enabled': { en: 'Account enabled', zh: '启用账户' },
  'organization.verified': { en: 'Organization verified', zh: '核验机构' },
  'organization.insider_set': { en: 'Insider status set', zh: '设定内幕人员身份' },
  'dataset.created': { en: 'Listing created', zh: '创建挂牌' },
  'dataset.version_uploaded': { en: 'File uploaded', zh: '上传文件' },
  'dataset.classified': { en: 'Classified', zh: '完成分类' },
  'dataset.classification_failed': { en: 'Classification failed', zh: '分类失败' },
  'dataset.reevaluated': { en: 'Verdict re-evaluated', zh: '重新评估结论' },
  'dataset.reviewed': { en: 'Reviewed', zh: '人工审核' },
  'dataset.published': { en: 'Published', zh: '上架' },
  'dataset.suspended': { en: 'Suspended', zh: '暂停' },
  'dataset.remediated': { en: 'Remediated version derived', zh: '生成整改版本' },
  'dataset.price_set': { en: 'Price set', zh: '设定价格' },
  'dataset.grade_declared': { en: 'Grade declared', zh: '认定数据级别' },
  'dataset.important_authorised': { en: 'Important data authorised', zh: '授权重要数据交易' },
  'dataset.query-offered': { en: 'Aggregate queries offered', zh: '提供聚合查询' },
  'dataset.query-offer-approved': { en: 'Query offer approved', zh: '批准查询提供' },
  'dataset.query-offer-rejected': { en: 'Query offer rejected', zh: '驳回查询提供' },
  'consent.attached': { en: 'Consent attached', zh: '附加同意证明' },
  'consent.revoked': { en: 'Consent withdrawn', zh: '撤回同意' },
  'access.requested': { en: 'Access requested', zh: '申请访问' },
  'access.refused': { en: 'Request refused by policy', zh: '申请被策略拒绝' },
  'access.approved': { en: 'Request approved', zh: '批准申请' },
  'access.denied': { en: 'Request denied', zh: '拒绝申请' },
  'grant.created': { en: 'Grant created', zh: '创建授权' },
  'grant.suspended': { en: 'Grant suspended', zh: '授权暂停' },
  'grant.revoked': { en: 'Grant revoked', zh: '撤销授权' },
  'grant.expired': { en: 'Grant expired', zh: '授权过期' },
  'delivery.issued': { en: 'Data delivered', zh: '交付数据' },
  'query.executed': { en: 'Aggregate query run', zh: '执行聚合查询' },
  'query.answered': { en: 'Aggregate query answered', zh: '答复聚合查询' },
  'query.failed': { en: 'Aggregate query failed', zh: '聚合查询失败' },
  'order.recorded': { en: 'Order recorded', zh: '记录订单' },
  'pia.recorded': { en: 'Impact assessment recorded', zh: '记录个人信息保护影响评估' },
  'cross_border.evidence_filed': { en: 'Cross-border evidence filed', zh: '提交跨境证明' },
  'cross_border.evidence_approved': { en: 'Cross-border evidence approved', zh: '批准跨境证明' },
  'cross_border.evidence_rejected': { en: 'Cross-border evidence rejected', zh: '驳回跨境证明' },
  'cross_border.exported': { en: 'Cross-border transfer', zh: '数据出境' },
  'enforcement.freeze_issued': { en: 'Freeze issued', zh: '下达冻结令' },
  'enforcement.freeze_lifted': { en: 'Freeze lifted', zh: '解除冻结' },
  'enforcement.rectification_ordered': { en: 'Rectification ordered', zh: '责令整改' },
  'enforcement.rectification_complied': { en: 'Rectification complied', zh: '整改完成' },
  'enforcement.rectification_lifted': { en: 'Rectification order withdrawn', zh: '撤回整改令' },
};

/** The action in words, or null when the app has none for it. */
export function ledgerActionLabel(action: string, lang: Lang): string | null {
  return ACTIONS[action]?.[lang] ?? null;
}
