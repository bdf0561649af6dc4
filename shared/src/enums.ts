export const STAFF_ROLES = ['admin', 'manager', 'rep', 'finance', 'warehouse'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  admin: '管理员',
  manager: '销售经理',
  rep: '销售',
  finance: '财务',
  warehouse: '仓库',
};

/** Who a token speaks for: a staff member, a customer account from WeChat, or the bot's service identity. */
export const ACTOR_KINDS = ['staff', 'customer', 'service'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const LEAD_SOURCES = ['wechat_friend', 'mp_follower', 'miniprogram', 'manual', 'import'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const LEAD_SOURCE_LABELS: Record<LeadSource, string> = {
  wechat_friend: '微信好友',
  mp_follower: '公众号关注',
  miniprogram: '小程序',
  manual: '手工录入',
  import: '批量导入',
};

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: '新线索',
  contacted: '已联系',
  qualified: '已确认',
  converted: '已转化',
  lost: '已流失',
};

export const PRODUCT_STATUSES = ['active', 'inactive'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const PRODUCT_STATUS_LABELS: Record<ProductStatus, string> = {
  active: '在售',
  inactive: '停售',
};
