// What each irreversible step does, said in its confirmation (review decisions, evidence
// reviews, freezes and orders, revocations), merged into both dictionaries by messages.ts.
// `confirmEn` defines the keys; `confirmZh` must have them all.

export const confirmEn = {
  'review.approveTitle': 'Approve “{title}”?',
  'review.approveConsequence':
    '“{title}” becomes tradeable: its provider can publish it and buyers can then request it. The decision is recorded in the audit ledger and cannot be undone.',
  'review.approveConfirm': 'Approve the listing',
  'review.rejectTitle': 'Reject “{title}”?',
  'review.rejectConsequence':
    '“{title}” becomes rejected: it can never be published as it is; the provider must upload a new version to be classified again. The decision is recorded in the audit ledger and cannot be undone.',
  'review.rejectConfirm': 'Reject the listing',
  'review.noteSent': 'Your note to the provider: “{note}”',
  'confirm.evidenceApproveTitle': 'Approve the evidence of {org} for {year}?',
  'confirm.evidenceApprove':
    'The {mechanism} evidence becomes approved: the exporter’s cross-border requests that need this mechanism can pass for the year. The decision and your note are recorded in the audit ledger and cannot be changed.',
  'confirm.evidenceApproveConfirm': 'Approve the evidence',
  'confirm.evidenceRejectTitle': 'Reject the evidence of {org} for {year}?',
  'confirm.evidenceReject':
    'The {mechanism} evidence becomes rejected: it does not count for the year, and the exporter must file new evidence. The decision and your note are recorded in the audit ledger and cannot be changed.',
  'confirm.evidenceRejectConfirm': 'Reject the evidence',
  'confirm.freezeTitle': 'Freeze the {target} {id}?',
  'confirm.freeze.DATASET':
    'While the freeze is active the listing cannot be published, requested or delivered: downloads and queries on its grants stop at once. Only a regulator can lift it; the order is recorded in the audit ledger.',
  'confirm.freeze.ORGANIZATION':
    'While the freeze is active nothing of this organization is published, requested or delivered — neither its listings nor its grants as a buyer. Only a regulator can lift it; the order is recorded in the audit ledger.',
  'confirm.freeze.GRANT':
    'While the freeze is active no download or query is delivered on this grant. Only a regulator can lift it; the order is recorded in the audit ledger.',
  'confirm.freezeConfirm': 'Freeze now',
  'confirm.orderTitle': 'Order the {target} {id} to rectify?',
  'confirm.order':
    'The owner is ordered to rectify by the deadline. The order is recorded in the audit ledger; it can be closed as complied or withdrawn, never deleted.',
  'confirm.orderConfirm': 'Issue the order',
  'confirm.closeTitle': '{action}: order {id}?',
  'confirm.lift':
    'The freeze ends at once: the publications, requests and deliveries it blocked are possible again. Lifting is recorded with your note in the audit ledger; stopping them again needs a new freeze.',
  'confirm.complied':
    'The order is closed as complied, with your note, in the audit ledger. A closed order cannot be reopened.',
  'confirm.withdraw':
    'The order is withdrawn without compliance, with your note, in the audit ledger. A closed order cannot be reopened.',
  'confirm.revokeGrant':
    'Revoking {name} ends it at once and for good: the buyer’s download links and queries stop working and a revoked grant cannot be restored — the buyer must request access again. Your reason is shown to the buyer and recorded in the audit ledger.',
} as const;

export const confirmZh: { [K in keyof typeof confirmEn]: string } = {
  'review.approveTitle': '批准“{title}”？',
  'review.approveConsequence':
    '“{title}”将成为可交易：其提供方可以上架，需方随后可以申请。该决定将记入审计账本，不可撤回。',
  'review.approveConfirm': '批准该挂牌',
  'review.rejectTitle': '驳回“{title}”？',
  'review.rejectConsequence':
    '“{title}”将被驳回：现有版本永远不能上架；提供方须上传新版本重新分类。该决定将记入审计账本，不可撤回。',
  'review.rejectConfirm': '驳回该挂牌',
  'review.noteSent': '您给提供方的意见：“{note}”',
  'confirm.evidenceApproveTitle': '批准{org}的 {year} 年证明？',
  'confirm.evidenceApprove':
    '该{mechanism}证明将被批准：出境方当年需要此机制的跨境申请可以通过。该决定及您的意见将记入审计账本，不可更改。',
  'confirm.evidenceApproveConfirm': '批准证明',
  'confirm.evidenceRejectTitle': '驳回{org}的 {year} 年证明？',
  'confirm.evidenceReject':
    '该{mechanism}证明将被驳回：当年不予认可，出境方须重新提交证明。该决定及您的意见将记入审计账本，不可更改。',
  'confirm.evidenceRejectConfirm': '驳回证明',
  'confirm.freezeTitle': '冻结{target} {id}？',
  'confirm.freeze.DATASET':
    '冻结期间该挂牌不能上架、申请或交付：其授权下的下载和查询立即停止。只有监管人员可以解除；该命令将记入审计账本。',
  'confirm.freeze.ORGANIZATION':
    '冻结期间该机构的一切都不能上架、申请或交付——包括其挂牌以及其作为需方的授权。只有监管人员可以解除；该命令将记入审计账本。',
  'confirm.freeze.GRANT':
    '冻结期间该授权下不交付任何下载或查询。只有监管人员可以解除；该命令将记入审计账本。',
  'confirm.freezeConfirm': '立即冻结',
  'confirm.orderTitle': '责令{target} {id}整改？',
  'confirm.order':
    '责令所有者在期限前整改。该命令将记入审计账本；只能以“已整改”或“撤回”结案，不能删除。',
  'confirm.orderConfirm': '下达整改令',
  'confirm.closeTitle': '{action}：命令 {id}？',
  'confirm.lift':
    '冻结立即结束：被其阻止的上架、申请和交付恢复可行。解除及您的意见将记入审计账本；如需再次阻止，须重新冻结。',
  'confirm.complied': '该命令将以“已整改”结案，连同您的意见记入审计账本。结案后不能重新打开。',
  'confirm.withdraw':
    '该命令将在未整改的情况下撤回，连同您的意见记入审计账本。结案后不能重新打开。',
  'confirm.revokeGrant':
    '撤销{name}将立即且永久终止该授权：需方的下载链接和查询随即失效，已撤销的授权不能恢复——需方须重新申请。您填写的原因会展示给需方并记入审计账本。',
};
