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

/** Default customer grades (客户等级); the list is configurable in settings, these are the seeded ones. */
export const DEFAULT_CUSTOMER_GRADES = [
  { code: 'new', label: '新客户' },
  { code: 'regular', label: '老客户' },
  { code: 'premium', label: '优质客户' },
] as const;

export const CUSTOMER_VALUE_LEVELS = ['high', 'medium', 'low'] as const;
export type CustomerValueLevel = (typeof CUSTOMER_VALUE_LEVELS)[number];
export const CUSTOMER_VALUE_LEVEL_LABELS: Record<CustomerValueLevel, string> = { high: '高价值', medium: '中等', low: '一般' };

export const FOLLOW_UP_METHODS = ['phone', 'wechat', 'visit', 'email', 'other'] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];
export const FOLLOW_UP_METHOD_LABELS: Record<FollowUpMethod, string> = {
  phone: '电话',
  wechat: '微信',
  visit: '拜访',
  email: '邮件',
  other: '其他',
};

export const FOLLOW_UP_SUBJECTS = ['lead', 'customer', 'opportunity'] as const;
export type FollowUpSubject = (typeof FOLLOW_UP_SUBJECTS)[number];

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, string> = {
  pending: '待审批',
  approved: '已通过',
  rejected: '已驳回',
  cancelled: '已撤回',
};

/** What an approval decides. Later flows (returns, refunds) add their kinds here. */
export const APPROVAL_KINDS = [
  'claim_customer',
  'claim_lead',
  'claim_opportunity',
  'quote_price',
  'contract',
  'order_credit',
  'order_price',
  'stocktake',
] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export const APPROVAL_KIND_LABELS: Record<ApprovalKind, string> = {
  claim_customer: '申请领取客户',
  claim_lead: '申请领取线索',
  claim_opportunity: '申请领取商机',
  quote_price: '报价折扣审批',
  contract: '合同审批',
  order_credit: '订单超信用额度审批',
  order_price: '订单低于底价审批',
  stocktake: '盘点差异审批',
};

export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
export const OPPORTUNITY_STATUS_LABELS: Record<OpportunityStatus, string> = { open: '进行中', won: '赢单', lost: '输单' };

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

export const DUPLICATE_POLICIES = ['warn', 'forbid'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export const TIMELINE_KINDS = [
  'created',
  'follow_up',
  'owner_assigned',
  'claimed',
  'released',
  'returned_to_pool',
  'pool_warning',
  'converted_from_lead',
  'contact_added',
  'follower_added',
  'follower_removed',
  'updated',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const IMPORT_KINDS = ['customers', 'leads'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_ROW_STATUSES = ['imported', 'duplicate_warning', 'skipped_duplicate', 'invalid'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

export const QUOTE_STATUSES = ['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'declined', 'expired', 'superseded'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const QUOTE_STATUS_LABELS: Record<QuoteStatus, string> = {
  draft: '草稿',
  pending_approval: '待审批',
  approved: '已审批',
  sent: '已发送',
  accepted: '已接受',
  declined: '已拒绝',
  expired: '已过期',
  superseded: '已被新版本替代',
};

export const CONTRACT_STATUSES = ['draft', 'pending_approval', 'approved', 'signed', 'active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  draft: '草稿',
  pending_approval: '待审批',
  approved: '已审批',
  signed: '客户已确认',
  active: '执行中',
  completed: '已完成',
  terminated: '已终止',
};

export const ORDER_STATUSES = ['pending_review', 'confirmed', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_review: '待审核',
  confirmed: '已确认',
  partially_shipped: '部分发货',
  shipped: '已发货',
  delivered: '已签收',
  completed: '已完成',
  cancelled: '已取消',
};

/** Where an order came from. */
export const ORDER_CHANNELS = ['contract', 'miniprogram', 'rep', 'counter'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];
export const ORDER_CHANNEL_LABELS: Record<OrderChannel, string> = {
  contract: '合同下单',
  miniprogram: '小程序下单',
  rep: '销售代下单',
  counter: '开单',
};

export const SHIPMENT_STATUSES = ['pending', 'shipped', 'delivered', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
export const SHIPMENT_STATUS_LABELS: Record<ShipmentStatus, string> = {
  pending: '待发货',
  shipped: '已发货',
  delivered: '已签收',
  cancelled: '已取消',
};

/** Why stock changed; every movement in the ledger carries one. */
export const STOCK_MOVEMENT_REASONS = [
  'purchase_in',
  'sale_out',
  'return_in',
  'transfer_out',
  'transfer_in',
  'adjustment',
  'stocktake',
  'reserve',
  'release',
] as const;
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number];
export const STOCK_MOVEMENT_REASON_LABELS: Record<StockMovementReason, string> = {
  purchase_in: '采购入库',
  sale_out: '销售出库',
  return_in: '退货入库',
  transfer_out: '调拨出库',
  transfer_in: '调拨入库',
  adjustment: '库存调整',
  stocktake: '盘点调整',
  reserve: '订单占用',
  release: '释放占用',
};

export const STOCKTAKE_STATUSES = ['counting', 'pending_approval', 'approved', 'rejected', 'cancelled'] as const;
export type StocktakeStatus = (typeof STOCKTAKE_STATUSES)[number];
export const STOCKTAKE_STATUS_LABELS: Record<StocktakeStatus, string> = {
  counting: '盘点中',
  pending_approval: '待审批',
  approved: '已调整',
  rejected: '已驳回',
  cancelled: '已取消',
};

export const CONTRACT_INSTALLMENT_STATUSES = ['unpaid', 'partially_paid', 'paid'] as const;
export type ContractInstallmentStatus = (typeof CONTRACT_INSTALLMENT_STATUSES)[number];
export const CONTRACT_INSTALLMENT_STATUS_LABELS: Record<ContractInstallmentStatus, string> = {
  unpaid: '未付款',
  partially_paid: '部分付款',
  paid: '已付清',
};

/** Statuses a customer may see: drafts and pending approvals are the seller's business. */
export const CUSTOMER_VISIBLE_CONTRACT_STATUSES = ['approved', 'signed', 'active', 'completed', 'terminated'] as const;

export const PAYMENT_METHODS = ['cash', 'wechat', 'alipay', 'bank_transfer', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  wechat: '微信支付',
  alipay: '支付宝',
  bank_transfer: '银行转账',
  card: '刷卡',
};
