import { Approval } from './modules/approvals/approval.entity';
import { AuditLog } from './modules/audit/audit-log.entity';
import { Contact } from './modules/customers/contact.entity';
import { Customer } from './modules/customers/customer.entity';
import { CustomerFollower } from './modules/customers/customer-follower.entity';
import { CustomerNameGram } from './modules/customers/customer-name-gram.entity';
import { CustomerTag } from './modules/customers/customer-tag.entity';
import { TimelineEvent } from './modules/customers/timeline-event.entity';
import { FollowUp } from './modules/follow-ups/follow-up.entity';
import { CustomerAccount } from './modules/identity/customer-account.entity';
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
import { Setting } from './modules/settings/setting.entity';
import { MpEvent } from './modules/wechat-mp/mp-event.entity';

/** Every entity, for both drivers. A new module adds its entities here and a migration under migrations/. */
export const entities = [
  Team,
  User,
  CustomerAccount,
  Product,
  Lead,
  AuditLog,
  Customer,
  Contact,
  CustomerFollower,
  CustomerTag,
  CustomerNameGram,
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
];
