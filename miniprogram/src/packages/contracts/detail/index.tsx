import { Text, View } from '@tarojs/components';
import type { ContractInstallmentDto } from '@wesale/shared';
import { CONTRACT_STATUS_LABELS } from '@wesale/shared/enums';
import { formatYuan } from '@wesale/shared/money';
import { contractStateMachine } from '@wesale/shared/state-machines';
import { ActionBar, type ActionBarButton } from '../../../components/action-bar';
import { DocumentHero } from '../../../components/document-hero';
import { DocumentPage } from '../../../components/document-page';
import { approvalButtons, DocumentActionSheet, type DocumentSheetConfig } from '../../../components/document-action-sheet';
import { DocumentInfoSection, DocumentLinesSection, DocumentPageLoading } from '../../../components/document-sections';
import { Section } from '../../../components/section';
import { StatusTimeline, type StatusTimelineItem } from '../../../components/status-timeline';
import { StatusTag } from '../../../components/status-tag';
import { useDocumentDetail } from '../../../hooks/use-document-detail';
import { isApprover } from '../../../services/auth';
import { contractAction, getContract, isStaffContract, signContract, type AnyContract } from '../../../services/contracts';
import { CONTRACT_INSTALLMENT_STATUS_LABELS } from '@wesale/shared/enums';
import { CONTRACT_STATUS_TONES } from '../../../utils/labels';
import './index.scss';

type SheetKind = 'sign' | 'approve' | 'reject';

const SHEETS: Record<SheetKind, DocumentSheetConfig> = {
  sign: {
    title: '确认签署合同',
    description: '确认后合同即生效，请核对合同明细、金额和付款计划。',
    confirmText: '确认签署',
    input: false,
    done: '合同已确认签署',
  },
  approve: { title: '通过合同', description: '通过后客户可以在小程序中确认签署。', placeholder: '审批意见（选填）', confirmText: '确认通过', input: true, done: '已通过' },
  reject: { title: '驳回合同', description: '合同退回草稿，修改后可以再次提交。', placeholder: '驳回理由（选填）', confirmText: '确认驳回', danger: true, input: true, done: '已驳回' },
};

/** Milestones of a contract from its timestamps: created, approved, confirmed by the customer, terminated. */
function milestones(contract: AnyContract): StatusTimelineItem[] {
  const items: StatusTimelineItem[] = [{ key: 'created', title: '合同创建', at: contract.createdAt }];
  if (isStaffContract(contract) && contract.approvedAt) {
    items.push({ key: 'approved', title: '审批通过', at: contract.approvedAt, meta: contract.approvedByName ?? undefined });
  }
  if (contract.signedAt) items.push({ key: 'signed', title: '客户已确认签署', at: contract.signedAt, meta: contract.signedByName ?? undefined });
  if (contract.terminatedAt) {
    items.push({ key: 'terminated', title: '合同终止', at: contract.terminatedAt, note: isStaffContract(contract) ? contract.terminatedReason : null });
  }
  return items.reverse().map((item, index) => ({ ...item, accent: index === 0 }));
}

function InstallmentRow({ installment }: { installment: ContractInstallmentDto }) {
  return (
    <View className='installment-row' data-seq={installment.seq}>
      <View className='installment-row__main'>
        <Text className='installment-row__title'>第 {installment.seq} 期</Text>
        <Text className='installment-row__due'>{installment.dueDate} 前</Text>
        {installment.note ? <Text className='installment-row__note'>{installment.note}</Text> : null}
      </View>
      <View className='installment-row__side'>
        <Text className='installment-row__amount'>{formatYuan(installment.amountFen)}</Text>
        <StatusTag tone={installment.status === 'paid' ? 'success' : installment.status === 'partially_paid' ? 'info' : 'default'}>
          {CONTRACT_INSTALLMENT_STATUS_LABELS[installment.status]}
        </StatusTag>
      </View>
    </View>
  );
}

/** 合同 detail: lines, totals, payment plan and milestones; the customer confirms (signs) an approved contract. */
export default function ContractDetailPage() {
  const { me, document: contract, busy, sheet, setSheet, act } = useDocumentDetail<AnyContract, SheetKind>(getContract);

  const doc = contract.doc;
  if (!doc) return <DocumentPageLoading className='contract-detail' document={contract} errorTitle='合同加载失败' />;

  const staff = isStaffContract(doc) ? doc : null;
  const buttons: ActionBarButton[] = [];
  if (!staff && contractStateMachine.canTransition(doc.status, 'signed')) {
    buttons.push({ id: 'contract-sign', text: '确认签署', onClick: () => setSheet('sign') });
  }
  if (staff && doc.status === 'draft' && contractStateMachine.canTransition(doc.status, 'pending_approval')) {
    buttons.push({
      id: 'contract-submit',
      text: '提交审批',
      loading: busy === 'submit',
      onClick: () => act('submit', () => contractAction(doc.id, 'submit'), '已提交，等待审批'),
    });
  }
  if (staff && doc.status === 'pending_approval' && isApprover(me)) buttons.push(...approvalButtons('contract', setSheet));
  const paidFen = doc.installments.reduce((sum, installment) => sum + installment.paidFen, 0);

  return (
    <DocumentPage className={`contract-detail${buttons.length ? ' crm-page--with-bar' : ''}`} status={doc.status}>
      <DocumentHero
        title={doc.title}
        number={doc.number}
        statusLabel={CONTRACT_STATUS_LABELS[doc.status]}
        tone={CONTRACT_STATUS_TONES[doc.status]}
        sub={staff ? `${doc.customerName} · 负责人 ${staff.ownerName ?? '—'}` : doc.customerName}
        totalFen={doc.totals.totalFen}
        totalLabel='合同金额'
        stats={[
          { label: '付款期数', value: `${doc.installments.length} 期` },
          { label: '已付', value: formatYuan(paidFen) },
        ]}
      />

      {!staff && doc.status === 'approved' ? (
        <View className='document-alert contract-sign-hint'>
          <Text className='document-alert__text'>请核对合同内容，无误后点击“确认签署”。</Text>
        </View>
      ) : null}

      <DocumentLinesSection prefix='contract' title='合同明细' lines={doc.lines} totals={doc.totals} totalLabel='合同金额' />

      <Section title='付款计划' id='contract-installments'>
        {doc.installments.length ? (
          doc.installments.map((installment) => <InstallmentRow key={installment.seq} installment={installment} />)
        ) : (
          <Text className='crm-section__empty'>暂无付款计划</Text>
        )}
      </Section>

      <DocumentInfoSection
        prefix='contract'
        title='合同信息'
        rows={[
          ['客户', doc.customerName],
          ['开始日期', doc.startDate],
          ['结束日期', doc.endDate],
          ['签署人', doc.signedByName],
          ['备注', staff?.remarks],
        ]}
        terms={doc.terms}
      />

      <Section title='合同进度' id='contract-progress'>
        <StatusTimeline items={milestones(doc)} />
      </Section>

      <ActionBar buttons={buttons} />

      <DocumentActionSheet
        prefix='contract'
        sheets={SHEETS}
        sheet={sheet}
        onClose={() => setSheet(null)}
        document={contract}
        perform={(current, comment) => (current === 'sign' ? signContract(doc.id) : contractAction(doc.id, current, comment))}
      />
    </DocumentPage>
  );
}
