import { useState } from 'react';
import { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ContractInstallmentDto } from '@wesale/shared';
import { CONTRACT_STATUS_LABELS } from '@wesale/shared/enums';
import { formatYuan } from '@wesale/shared/money';
import { contractStateMachine } from '@wesale/shared/state-machines';
import { ActionBar, type ActionBarButton } from '../../../components/action-bar';
import { DocumentHero } from '../../../components/document-hero';
import { DocumentLines } from '../../../components/document-lines';
import { DocumentTotals } from '../../../components/document-totals';
import { LoadState } from '../../../components/load-state';
import { DocumentPage } from '../../../components/document-page';
import { showError, showToast } from '../../../components/page-toast';
import { PromptSheet } from '../../../components/prompt-sheet';
import { FieldRows, Section } from '../../../components/section';
import { StatusTimeline, type StatusTimelineItem } from '../../../components/status-timeline';
import { StatusTag } from '../../../components/status-tag';
import { useBusy } from '../../../hooks/use-busy';
import { useDocument } from '../../../hooks/use-document';
import { useSignedIn } from '../../../hooks/use-signed-in';
import { queryParam } from '../../../routes';
import { isApprover } from '../../../services/auth';
import { contractAction, getContract, isStaffContract, signContract, type AnyContract } from '../../../services/contracts';
import { takeFlashToast } from '../../../utils/flash';
import { CONTRACT_INSTALLMENT_STATUS_LABELS } from '@wesale/shared/enums';
import { CONTRACT_STATUS_TONES } from '../../../utils/labels';
import './index.scss';

type SheetKind = 'sign' | 'approve' | 'reject';

const SHEETS: Record<SheetKind, { title: string; description: string; placeholder?: string; confirmText: string; danger?: boolean; input: boolean }> = {
  sign: {
    title: '确认签署合同',
    description: '确认后合同即生效，请核对合同明细、金额和付款计划。',
    confirmText: '确认签署',
    input: false,
  },
  approve: { title: '通过合同', description: '通过后客户可以在小程序中确认签署。', placeholder: '审批意见（选填）', confirmText: '确认通过', input: true },
  reject: { title: '驳回合同', description: '合同退回草稿，修改后可以再次提交。', placeholder: '驳回理由（选填）', confirmText: '确认驳回', danger: true, input: true },
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
  const id = queryParam(useRouter().params.id);
  const me = useSignedIn();
  const contract = useDocument(id, getContract, me !== null);
  const { busy, run } = useBusy();
  const [sheet, setSheet] = useState<SheetKind | null>(null);

  useDidShow(() => {
    const flash = takeFlashToast();
    if (flash) showToast(flash.message, flash.icon);
  });

  const doc = contract.doc;
  if (!doc) {
    return (
      <DocumentPage className='contract-detail'>
        <LoadState status={contract.status} error={contract.error} title='合同加载失败' onRetry={contract.reload} />
      </DocumentPage>
    );
  }

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
      onClick: () =>
        run('submit', async () => {
          try {
            contract.replace(await contractAction(doc.id, 'submit'));
            showToast('已提交，等待审批', 'success');
          } catch (err) {
            showError(err);
            contract.reload();
          }
        }),
    });
  }
  if (staff && doc.status === 'pending_approval' && isApprover(me)) {
    buttons.push({ id: 'contract-reject', text: '驳回', kind: 'secondary', onClick: () => setSheet('reject') });
    buttons.push({ id: 'contract-approve', text: '通过', onClick: () => setSheet('approve') });
  }
  const sheetConfig = sheet ? SHEETS[sheet] : null;
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

      <Section title='合同明细' id='contract-lines'>
        <DocumentLines lines={doc.lines} />
        <DocumentTotals totals={doc.totals} totalLabel='合同金额' className='contract-totals' />
      </Section>

      <Section title='付款计划' id='contract-installments'>
        {doc.installments.length ? (
          doc.installments.map((installment) => <InstallmentRow key={installment.seq} installment={installment} />)
        ) : (
          <Text className='crm-section__empty'>暂无付款计划</Text>
        )}
      </Section>

      <Section title='合同信息' id='contract-info'>
        <FieldRows
          rows={[
            ['客户', doc.customerName],
            ['开始日期', doc.startDate],
            ['结束日期', doc.endDate],
            ['签署人', doc.signedByName],
            ['备注', staff?.remarks],
          ]}
        />
        {doc.terms ? <Text className='document-terms contract-terms'>{doc.terms}</Text> : null}
      </Section>

      <Section title='合同进度' id='contract-progress'>
        <StatusTimeline items={milestones(doc)} />
      </Section>

      <ActionBar buttons={buttons} />

      <PromptSheet
        visible={sheetConfig !== null}
        className={`contract-${sheet ?? 'action'}-sheet`}
        title={sheetConfig?.title ?? ''}
        description={sheetConfig?.description}
        placeholder={sheetConfig?.placeholder}
        input={sheetConfig?.input ?? true}
        confirmText={sheetConfig?.confirmText}
        danger={sheetConfig?.danger}
        onCancel={() => setSheet(null)}
        onConfirm={async (comment) => {
          const current = sheet;
          if (!current) return;
          try {
            contract.replace(current === 'sign' ? await signContract(doc.id) : await contractAction(doc.id, current, comment || undefined));
            setSheet(null);
            showToast({ sign: '合同已确认签署', approve: '已通过', reject: '已驳回' }[current], 'success');
          } catch (err) {
            showError(err);
            setSheet(null);
            contract.reload();
          }
        }}
      />
    </DocumentPage>
  );
}
