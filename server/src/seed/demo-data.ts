import type { DataSource } from 'typeorm';
import { normalizeCompanyName } from '@wesale/shared';
import { inTransaction, isUniqueViolation } from '../infra/db';
import type { Logger } from '../infra/logger';
import { CustomerAccount } from '../modules/identity/customer-account.entity';
import { Team } from '../modules/identity/team.entity';
import { User } from '../modules/identity/user.entity';
import { hashPassword } from '../modules/identity/passwords';
import { Contact } from '../modules/customers/contact.entity';
import { Customer } from '../modules/customers/customer.entity';
import { indexCustomer } from '../modules/customers/customer-search';
import { Lead } from '../modules/leads/lead.entity';
import { Product } from '../modules/products/product.entity';
import { seedDemoStock } from '../modules/stock/stock.seed';
import { seedDemoContract } from '../modules/contracts/contracts.seed';
import { seedDemoQuotes } from '../modules/quotes/quotes.seed';
import { seedDemoOrders } from '../modules/orders/orders.seed';

export const DEMO_USERS = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', team: false, maxDiscountBp: 10000 },
  { username: 'manager', displayName: '王经理', role: 'manager', team: true, maxDiscountBp: 2000 },
  { username: 'rep1', displayName: '李销售', role: 'rep', team: true, maxDiscountBp: 500 },
  { username: 'rep2', displayName: '张销售', role: 'rep', team: true, maxDiscountBp: 500 },
  { username: 'finance', displayName: '赵会计', role: 'finance', team: false, maxDiscountBp: 0 },
  { username: 'warehouse', displayName: '孙仓管', role: 'warehouse', team: false, maxDiscountBp: 0 },
] as const;

export const DEMO_PRODUCTS = [
  { sku: 'TEA-LJ-250', name: '西湖龙井 明前特级', spec: '250g/罐', unit: '罐', category: '茶叶', priceFen: 68800 },
  { sku: 'TEA-PE-357', name: '云南普洱 熟茶饼', spec: '357g/饼', unit: '饼', category: '茶叶', priceFen: 29800 },
  { sku: 'TEA-TGY-500', name: '安溪铁观音 浓香型', spec: '500g/袋', unit: '袋', category: '茶叶', priceFen: 25600 },
  { sku: 'TEA-BC-100', name: '福鼎白茶 白毫银针', spec: '100g/盒', unit: '盒', category: '茶叶', priceFen: 39900 },
  { sku: 'CUP-CZ-6', name: '景德镇青花瓷茶杯', spec: '6只/套', unit: '套', category: '茶具', priceFen: 15800 },
  { sku: 'POT-ZS-300', name: '宜兴紫砂壶 西施', spec: '300ml', unit: '把', category: '茶具', priceFen: 88000 },
  { sku: 'SET-GF-01', name: '功夫茶具整套礼盒', spec: '12件套', unit: '套', category: '茶具', priceFen: 56800 },
  { sku: 'GIFT-ZQ-A', name: '中秋商务茶礼 A 款', spec: '龙井+白茶 双罐', unit: '盒', category: '礼盒', priceFen: 128800 },
  { sku: 'GIFT-CJ-B', name: '春节企业年礼 B 款', spec: '普洱+铁观音+茶杯', unit: '盒', category: '礼盒', priceFen: 99800 },
  { sku: 'GIFT-KH-C', name: '客户答谢茶礼 C 款', spec: '白茶 100g×2', unit: '盒', category: '礼盒', priceFen: 59900 },
  { sku: 'WTR-SQ-18', name: '山泉泡茶水', spec: '18.9L/桶', unit: '桶', category: '配套', priceFen: 3500 },
  { sku: 'TRAY-ZM-60', name: '竹制茶盘', spec: '60×40cm', unit: '个', category: '配套', priceFen: 21900, status: 'inactive' as const },
];

const DEMO_LEADS = [
  { name: '陈先生', company: '杭州西溪科技有限公司', mobile: '13800000001', source: 'manual', owner: 'rep1' },
  { name: '刘女士', company: '上海浦江贸易有限公司', mobile: '13800000002', source: 'mp_follower', owner: 'rep1' },
  { name: '周总', company: '苏州园林文化传媒', mobile: '13800000003', source: 'wechat_friend', owner: 'rep2' },
  { name: '吴经理', company: '南京秦淮酒店管理集团', mobile: '13800000004', source: 'import', owner: null },
] as const;

/**
 * Customers with a grade each, so grade prices, credit limits and documents have something to show. Each
 * contact's mobile has a customer account: sign in to the H5 app as 客户 with that mobile and an SMS code.
 */
export const DEMO_CUSTOMERS = [
  { name: '上海茗香茶业有限公司', grade: 'premium', owner: 'rep1', creditLimitFen: 5_000_000, paymentTermsDays: 30, contact: '林采购', mobile: '13900000011', region: '上海' },
  { name: '杭州悦来酒店管理有限公司', grade: 'regular', owner: 'rep1', creditLimitFen: 2_000_000, paymentTermsDays: 15, contact: '何经理', mobile: '13900000012', region: '浙江' },
  { name: '南京金陵商务礼品有限公司', grade: 'new', owner: 'rep2', creditLimitFen: 500_000, paymentTermsDays: 0, contact: '钱主管', mobile: '13900000013', region: '江苏' },
] as const;

/** Seeds the demo data into an empty database (no users yet); a second instance racing it changes nothing. */
export async function seedDemoData(dataSource: DataSource, password: string, logger: Logger): Promise<boolean> {
  if ((await dataSource.getRepository(User).count()) > 0) return false;
  const passwordHash = await hashPassword(password);
  try {
    await inTransaction(dataSource, async (em) => {
      const { identifiers } = await em.insert(Team, { name: '华东销售一组' });
      const teamId = String(identifiers[0].id);
      const userIds = new Map<string, string>();
      for (const user of DEMO_USERS) {
        const inserted = await em.insert(User, {
          username: user.username,
          displayName: user.displayName,
          role: user.role,
          teamId: user.team ? teamId : null,
          maxDiscountBp: user.maxDiscountBp,
          passwordHash,
        });
        userIds.set(user.username, String(inserted.identifiers[0].id));
      }
      await em.update(Team, { id: teamId }, { managerId: userIds.get('manager') });
      // Demo costs at 55 % of the list price and floors at 85 %, so margins and approvals have something to show.
      await em.insert(
        Product,
        DEMO_PRODUCTS.map((product) => ({
          status: 'active' as const,
          costFen: Math.round(product.priceFen * 0.55),
          floorPriceFen: Math.round(product.priceFen * 0.85),
          ...product,
        })),
      );
      await seedDemoStock(em, userIds.get('warehouse') ?? null);
      await em.insert(
        Lead,
        DEMO_LEADS.map(({ owner, ...lead }) => ({
          ...lead,
          companyNormalized: normalizeCompanyName(lead.company),
          status: 'new' as const,
          ownerId: owner ? userIds.get(owner)! : null,
        })),
      );
      for (const { owner, contact, mobile, ...customer } of DEMO_CUSTOMERS) {
        const inserted = await em.insert(Customer, {
          ...customer,
          nameNormalized: normalizeCompanyName(customer.name),
          mobile,
          source: 'manual' as const,
          ownerId: userIds.get(owner)!,
          teamId,
          ownedSince: new Date(),
          lastFollowUpAt: new Date(),
        });
        const customerId = String(inserted.identifiers[0].id);
        await indexCustomer(em, customerId, { name: customer.name, mobile }, { isNew: true });
        await em.insert(Contact, { customerId, name: contact, mobile, isPrimary: true });
        await em.insert(CustomerAccount, { openid: null, mobile, displayName: contact, customerId, leadId: null });
      }
      await seedDemoContract(em, userIds);
      await seedDemoQuotes(em, userIds);
      await seedDemoOrders(em, userIds);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  logger.info({ users: DEMO_USERS.length, products: DEMO_PRODUCTS.length }, 'demo data seeded');
  return true;
}
