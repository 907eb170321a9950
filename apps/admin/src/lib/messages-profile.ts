// Messages of the organization profile page and the catalogue's provider facet, merged into
// both dictionaries by messages.ts. `profileEn` defines the keys; `profileZh` must have them all.

export const profileEn = {
  'datasets.providerOption': '{name} ({count})',
  'profile.back': '← Organizations & users',
  'profile.kind': 'Kind',
  'profile.status': 'Verification',
  'profile.verified': 'Verified',
  'profile.unverified': 'Not verified yet',
  'profile.registration': 'Registration',
  'profile.registered': 'Registered on',
  'profile.id': 'Organization id',
  'profile.verifiedBy': 'Verified by',
  'profile.verifiedAt': 'Verified on',
  'profile.verifiedAtCreation': 'Created verified (seed or created by an admin)',
  'profile.unverifiedNote':
    'Its providers cannot publish listings until a platform admin verifies who the organization is.',
  'profile.accounts': 'Accounts',
  'profile.noAccounts': 'No accounts in this organization.',
  'profile.listings': 'Listings',
  'profile.listingsCount': '{count} listings; the latest 20:',
  'profile.noListings': 'No listings you may see.',
  'profile.disabled': 'Disabled',
  'profile.active': 'Active',
} as const;

export const profileZh: { [K in keyof typeof profileEn]: string } = {
  'datasets.providerOption': '{name}（{count}）',
  'profile.back': '← 机构与用户',
  'profile.kind': '类型',
  'profile.status': '核验状态',
  'profile.verified': '已核验',
  'profile.unverified': '尚未核验',
  'profile.registration': '注册信息',
  'profile.registered': '注册时间',
  'profile.id': '机构编号',
  'profile.verifiedBy': '核验人',
  'profile.verifiedAt': '核验时间',
  'profile.verifiedAtCreation': '创建时即已核验（演示数据或由管理员创建）',
  'profile.unverifiedNote': '在平台管理员核验该机构身份之前，其数据提供方不能发布挂牌。',
  'profile.accounts': '账户',
  'profile.noAccounts': '该机构没有账户。',
  'profile.listings': '挂牌',
  'profile.listingsCount': '共 {count} 个挂牌；最近 20 个：',
  'profile.noListings': '没有您可查看的挂牌。',
  'profile.disabled': '已停用',
  'profile.active': '正常',
};
