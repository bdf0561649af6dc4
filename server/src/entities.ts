import { AuditLog } from './modules/audit/audit-log.entity';
import { CustomerAccount } from './modules/identity/customer-account.entity';
import { Team } from './modules/identity/team.entity';
import { User } from './modules/identity/user.entity';
import { Lead } from './modules/leads/lead.entity';
import { Product } from './modules/products/product.entity';

/** Every entity, for both drivers. A new module adds its entities here and a migration under migrations/. */
export const entities = [Team, User, CustomerAccount, Product, Lead, AuditLog];
