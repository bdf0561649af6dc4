import { IdempotencyKey } from './infra/idempotency-key.entity';
import { Approval } from './modules/approvals/approval.entity';
import { AuditLog } from './modules/audit/audit-log.entity';
import { Contract } from './modules/contracts/contract.entity';
import { ContractInstallment } from './modules/contracts/contract-installment.entity';
import { ContractLine } from './modules/contracts/contract-line.entity';
import { Contact } from './modules/customers/contact.entity';
import { Customer } from './modules/customers/customer.entity';
import { CustomerFollower } from './modules/customers/customer-follower.entity';
import { CustomerNameGram } from './modules/customers/customer-name-gram.entity';
import { CustomerMobilePrefix } from './modules/customers/customer-mobile-prefix.entity';
import { CustomerTag } from './modules/customers/customer-tag.entity';
import { TimelineEvent } from './modules/customers/timeline-event.entity';
import { FollowUp } from './modules/follow-ups/follow-up.entity';
import { CustomerAccount } from './modules/identity/customer-account.entity';
import { SmsCode } from './modules/identity/sms-code.entity';
import { Team } from './modules/identity/team.entity';
import { User } from './modules/identity/user.entity';
import { ImportJob } from './modules/imports/import-job.entity';
import { ImportJobRow } from './modules/imports/import-job-row.entity';
import { Lead } from './modules/leads/lead.entity';
import { Opportunity } from './modules/opportunities/opportunity.entity';
import { OpportunityMember } from './modules/opportunities/opportunity-member.entity';
import { OpportunityStageChange } from './modules/opportunities/stage-change.entity';
import { Stage } from './modules/opportunities/stage.entity';
import { StageTemplate } from './modules/opportunities/stage-template.entity';
import { Product } from './modules/products/product.entity';
import { QuoteLine } from './modules/quotes/quote-line.entity';
import { Quote } from './modules/quotes/quote.entity';
import { Setting } from './modules/settings/setting.entity';
import { StockLevel } from './modules/stock/stock-level.entity';
import { StockMovement } from './modules/stock/stock-movement.entity';
import { Stocktake } from './modules/stock/stocktake.entity';
import { StocktakeLine } from './modules/stock/stocktake-line.entity';
import { Warehouse } from './modules/stock/warehouse.entity';
import { MpEvent } from './modules/wechat-mp/mp-event.entity';
import { Order } from './modules/orders/order.entity';
import { OrderEvent } from './modules/orders/order-event.entity';
import { OrderLine } from './modules/orders/order-line.entity';
import { Payment } from './modules/orders/payment.entity';
import { Shipment } from './modules/shipments/shipment.entity';
import { ShipmentLine } from './modules/shipments/shipment-line.entity';

/** Every entity, for both drivers. A new module adds its entities here and a migration under migrations/. */
export const entities = [
  Team,
  User,
  CustomerAccount,
  SmsCode,
  Product,
  Lead,
  AuditLog,
  Customer,
  Contact,
  CustomerFollower,
  CustomerTag,
  CustomerNameGram,
  CustomerMobilePrefix,
  TimelineEvent,
  FollowUp,
  Approval,
  Setting,
  StageTemplate,
  Stage,
  Opportunity,
  OpportunityMember,
  OpportunityStageChange,
  ImportJob,
  ImportJobRow,
  MpEvent,
  Quote,
  QuoteLine,
  Contract,
  ContractLine,
  ContractInstallment,
  Warehouse,
  StockLevel,
  StockMovement,
  Stocktake,
  StocktakeLine,
  Order,
  OrderLine,
  OrderEvent,
  Payment,
  Shipment,
  ShipmentLine,
  IdempotencyKey,
];
