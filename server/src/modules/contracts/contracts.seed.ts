import { In, type EntityManager } from 'typeorm';
import { discountedPriceFen, divideRoundHalfUp, formatDocumentNumber, priceLine, SALES_SETTINGS_DEFAULTS, sumLines } from '@wesale/shared';
import { Approval } from '../approvals/approval.entity';
import { Customer } from '../customers/customer.entity';
import { Product } from '../products/product.entity';
import { addCalendarDays, shanghaiDate } from '@wesale/shared';
import { gradeDiscountBp } from '../sales/price-rules';
import { ContractInstallment } from './contract-installment.entity';
import { ContractLine } from './contract-line.entity';
import { Contract } from './contract.entity';

const DEMO_CUSTOMER = '上海茗香茶业有限公司';
const DEMO_LINES = [
  { sku: 'GIFT-ZQ-A', quantity: 100 },
  { sku: 'TEA-LJ-250', quantity: 20 },
];

/**
 * One approved contract waiting for the customer's confirmation, inside the demo seed's transaction
 * (after the demo users, products and customers). Prices are the customer's grade prices.
 */
export async function seedDemoContract(em: EntityManager, userIds: Map<string, string>): Promise<void> {
  const customer = await em.findOneBy(Customer, { name: DEMO_CUSTOMER });
  const [rep, manager] = [userIds.get('rep1'), userIds.get('manager')];
  if (!customer || !rep || !manager) return;
  const products = new Map((await em.findBy(Product, { sku: In(DEMO_LINES.map((line) => line.sku)) })).map((product) => [product.sku, product]));
  if (products.size !== DEMO_LINES.length) return;
  const lines = DEMO_LINES.map(({ sku, quantity }, index) => {
    const product = products.get(sku)!;
    const unitPriceFen = discountedPriceFen(product.priceFen, gradeDiscountBp(SALES_SETTINGS_DEFAULTS.gradeDiscounts, customer.grade, product.category));
    const priced = priceLine({ quantity, unitPriceFen, discountFen: 0, taxRateBp: product.taxRateBp });
    return {
      lineNo: index + 1,
      productId: product.id,
      sku: product.sku,
      productName: product.name,
      spec: product.spec,
      unit: product.unit,
      quantity,
      listPriceFen: product.priceFen,
      unitPriceFen,
      discountFen: 0,
      taxRateBp: product.taxRateBp,
      totalFen: priced.totalFen,
      taxFen: priced.taxFen,
      costFen: quantity * product.costFen,
      floorPriceFen: product.floorPriceFen,
      priced,
    };
  });
  const totals = sumLines(lines.map((line) => line.priced));
  const now = new Date();
  const number = formatDocumentNumber('HT', now, 1);
  const title = '2026 中秋商务茶礼采购合同';
  const startDate = shanghaiDate(now);
  const { identifiers } = await em.insert(Contract, {
    number,
    title,
    status: 'approved',
    customerId: customer.id,
    customerName: customer.name,
    ownerId: rep,
    teamId: customer.teamId,
    createdBy: rep,
    startDate,
    endDate: addCalendarDays(startDate, 90),
    terms: SALES_SETTINGS_DEFAULTS.quoteTerms,
    grossFen: totals.grossFen,
    discountFen: totals.discountFen,
    totalFen: totals.totalFen,
    taxFen: totals.taxFen,
    costFen: lines.reduce((sum, line) => sum + line.costFen, 0),
    approvedBy: manager,
    approvedAt: now,
  });
  const contractId = String(identifiers[0].id);
  await em.insert(ContractLine, lines.map(({ priced: _priced, ...line }) => ({ ...line, contractId })));
  const deposit = Number(divideRoundHalfUp(BigInt(totals.totalFen) * 3n, 10n));
  await em.insert(ContractInstallment, [
    { contractId, seq: 1, dueDate: startDate, amountFen: deposit, note: '预付款 30%' },
    { contractId, seq: 2, dueDate: addCalendarDays(startDate, customer.paymentTermsDays), amountFen: totals.totalFen - deposit, note: '尾款' },
  ]);
  await em.insert(Approval, {
    kind: 'contract',
    subjectType: 'contract',
    subjectId: contractId,
    subjectTitle: `${number} ${title}`,
    status: 'approved',
    requestedBy: rep,
    teamId: customer.teamId,
    reason: '演示数据',
    decidedBy: manager,
    decidedAt: now,
  });
}
