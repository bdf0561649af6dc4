import { customerSession } from '../../testing/sales-fixtures';
import { Approval } from '../approvals/approval.entity';
import { AuditLog } from '../audit/audit-log.entity';
import { Contract } from './contract.entity';
import { startContractWorld, type ContractWorld } from './contracts.test-helpers';

let w: ContractWorld;
let secondBuyer: { accountId: string; token: string };

beforeAll(async () => {
  w = await startContractWorld();
  secondBuyer = await customerSession(w.server, w.customers.east, '何经理');
  w.tokens.secondBuyer = secondBuyer.token;
});
afterAll(() => w?.close());

const ROUNDS = 5;
const statuses = (responses: Array<{ status: number }>) => responses.map((r) => r.status).sort();

describe('concurrent moves of one contract (conditional UPDATE on the status)', () => {
  it('two buyers of the company signing at once: exactly one signature is recorded', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await w.contractIn('approved');
      const responses = await Promise.all([w.act('buyer', id, 'sign'), w.act('secondBuyer', id, 'sign')]);
      expect(statuses(responses)).toEqual([200, 409]);
      const winner = responses.find((r) => r.status === 200)!;
      const row = await w.server.dataSource.getRepository(Contract).findOneByOrFail({ id });
      expect(row.status).toBe('signed');
      expect(row.signedByName).toBe(winner.body.signedByName);
      expect(row.signedByAccountId).toBe(winner.body.signedByName === '林采购' ? w.buyers.east.accountId : secondBuyer.accountId);
      expect(await w.server.dataSource.getRepository(AuditLog).countBy({ subjectType: 'contract', subjectId: id, action: 'contract.sign' })).toBe(1);
    }
  });

  it('approving at once through /approvals and /contracts/:id/approve decides the approval once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await w.contractIn('pending_approval');
      const approvalId = (await w.api.get(`/api/v1/contracts/${id}`, { token: w.tokens.rep1 })).body.pendingApprovalId;
      const responses = await Promise.all([
        w.api.post(`/api/v1/approvals/${approvalId}/approve`, {}, { token: w.tokens.admin }),
        w.act('manager', id, 'approve'),
      ]);
      expect(statuses(responses)).toEqual([200, 409]);
      const row = await w.server.dataSource.getRepository(Contract).findOneByOrFail({ id });
      const approval = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ id: approvalId });
      expect(row.status).toBe('approved');
      expect(approval.status).toBe('approved');
      expect(row.approvedBy).toBe(approval.decidedBy);
      expect(await w.server.dataSource.getRepository(AuditLog).countBy({ subjectType: 'approval', subjectId: approvalId })).toBe(1);
    }
  });

  it('approving and rejecting at once: one decision, and the contract agrees with it', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await w.contractIn('pending_approval');
      const responses = await Promise.all([w.act('manager', id, 'approve'), w.act('admin', id, 'reject')]);
      expect(statuses(responses)).toEqual([200, 409]);
      const row = await w.server.dataSource.getRepository(Contract).findOneByOrFail({ id });
      const [approval] = await w.server.dataSource.getRepository(Approval).findBy({ subjectType: 'contract', subjectId: id });
      expect(row.status).toBe(approval.status === 'approved' ? 'approved' : 'draft');
    }
  });

  it('submitting twice at once files one approval', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { id } = await w.contractIn('draft');
      const responses = await Promise.all([w.act('rep1', id, 'submit'), w.act('rep1', id, 'submit')]);
      expect(statuses(responses)).toEqual([200, 409]);
      expect(await w.server.dataSource.getRepository(Approval).countBy({ subjectType: 'contract', subjectId: id })).toBe(1);
    }
  });

  it('creating contracts from one quote at once: one contract, the other 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const quoteId = await w.insertQuote(w.customers.east, 'rep1');
      const body = { customerId: undefined, lines: undefined, quoteId };
      const responses = await Promise.all([w.create('rep1', body), w.create('manager', body)]);
      expect(statuses(responses)).toEqual([201, 409]);
      expect(responses.find((r) => r.status === 409)!.body.error.message).toContain('该报价单已生成合同');
      expect(await w.server.dataSource.getRepository(Contract).countBy({ quoteId })).toBe(1);
    }
  });
});
