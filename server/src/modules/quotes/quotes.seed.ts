import type { EntityManager } from 'typeorm';
import { formatDocumentNumber, SALES_SETTINGS_DEFAULTS, type QuoteStatus } from '@wesale/shared';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { User } from '../identity/user.entity';
import { Product } from '../products/product.entity';
import { PriceRules } from '../sales/price-rules';
import { SettingsService } from '../settings/settings.service';
import { addCalendarDays, shanghaiDate } from '@wesale/shared';
import { Quote } from './quote.entity';
import { insertQuoteLines } from './quotes.service';

const DEMO_CUSTOMER = '杭州悦来酒店管理有限公司';
const DEMO_QUOTES: Array<{ status: QuoteStatus; lines: Array<{ sku: string; quantity: number }>; remarks: string }> = [
  { status: 'sent', lines: [{ sku: 'GIFT-CJ-B', quantity: 50 }, { sku: 'CUP-CZ-6', quantity: 50 }], remarks: '春节员工福利，2 月初到货' },
  { status: 'draft', lines: [{ sku: 'TEA-PE-357', quantity: 30 }, { sku: 'WTR-SQ-18', quantity: 100 }], remarks: '客房茶歇用茶' },
];

/**
 * Two quotes of rep1 for a demo customer, one sent and one draft, inside the demo seed's transaction
 * (after users, products and customers). Priced by the same rules as the API, at the customer's grade price.
 */
export async function seedDemoQuotes(em: EntityManager, userIds: Map<string, string>): Promise<void> {
  const customer = await em.findOneBy(Customer, { name: DEMO_CUSTOMER });
  const rep = await em.findOneBy(User, { id: userIds.get('rep1') ?? '0' });
  if (!customer || !rep) return;
  const contact = await em.findOneBy(Contact, { customerId: customer.id, isPrimary: true });
  const priceRules = new PriceRules(em.connection, new SettingsService(em.connection));
  const now = new Date();
  for (const [index, demo] of DEMO_QUOTES.entries()) {
    const products = await Promise.all(demo.lines.map((line) => em.findOneBy(Product, { sku: line.sku })));
    if (products.some((product) => !product)) return;
    const priced = await priceRules.priceLines(em, {
      customerGrade: customer.grade,
      lines: demo.lines.map((line, i) => ({ productId: products[i]!.id, quantity: line.quantity })),
      pricedBy: { kind: 'staff', id: rep.id, role: rep.role, teamId: rep.teamId },
    });
    const sent = demo.status === 'sent';
    const { grossFen, discountFen, totalFen, taxFen, costFen } = priced.totals;
    const { identifiers } = await em.insert(Quote, {
      number: formatDocumentNumber('QT', now, index + 1),
      version: 1,
      customerId: customer.id,
      customerName: customer.name,
      ownerId: rep.id,
      teamId: rep.teamId,
      createdBy: rep.id,
      contactName: contact?.name ?? null,
      contactMobile: contact?.mobile ?? null,
      validUntil: addCalendarDays(shanghaiDate(now), SALES_SETTINGS_DEFAULTS.quoteValidityDays),
      terms: SALES_SETTINGS_DEFAULTS.quoteTerms,
      remarks: demo.remarks,
      status: demo.status,
      isLatest: true,
      approvalReasons: priced.approvalReasons,
      grossFen,
      discountFen,
      totalFen,
      taxFen,
      costFen,
      submittedAt: sent ? now : null,
      approvedAt: sent ? now : null,
      sentAt: sent ? now : null,
    });
    const id = String(identifiers[0].id);
    await em.update(Quote, { id }, { rootId: id });
    await insertQuoteLines(em, id, priced.lines);
  }
}
