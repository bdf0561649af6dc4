import Taro from '@tarojs/taro';
import type { ContractStatus } from '@wesale/shared';
import { CONTRACT_STATUS_LABELS } from '@wesale/shared/enums';
import { DocumentCard } from '../../../components/document-card';
import type { ListFilter } from '../../../components/document-list';
import { DocumentListPage } from '../../../components/document-list-page';
import { useDocumentListPage } from '../../../hooks/use-document-list-page';
import { ROUTES, withQuery } from '../../../routes';
import { listContracts, type AnyContractSummary } from '../../../services/contracts';
import { CONTRACT_STATUS_TONES } from '../../../utils/labels';

const STAFF_FILTERS: ListFilter[] = [
  { value: '', title: '全部' },
  { value: 'draft', title: '草稿' },
  { value: 'pending_approval', title: '待审批' },
  { value: 'approved', title: '待客户确认' },
  { value: 'signed', title: '已确认' },
];
const CUSTOMER_FILTERS: ListFilter[] = [
  { value: '', title: '全部' },
  { value: 'approved', title: '待确认' },
  { value: 'signed', title: '已确认' },
];

function ContractCard({ contract, staff }: { contract: AnyContractSummary; staff: boolean }) {
  const meta = [`${contract.startDate} 起${contract.endDate ? ` 至 ${contract.endDate}` : ''}`];
  if ('customerName' in contract && staff) meta.unshift(contract.customerName);
  return (
    <DocumentCard
      className='contract-card'
      id={contract.id}
      number={contract.number}
      title={contract.title}
      statusLabel={CONTRACT_STATUS_LABELS[contract.status]}
      tone={CONTRACT_STATUS_TONES[contract.status]}
      amountFen={contract.totalFen}
      meta={meta}
      onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.contractDetail, { id: contract.id }) })}
    />
  );
}

/** 合同: a customer's contracts waiting for its confirmation and signed, or the contracts staff may see. */
export default function ContractListPage() {
  const page = useDocumentListPage<AnyContractSummary, ContractStatus>(listContracts, '我的合同');

  return (
    <DocumentListPage
      page={page}
      className='contracts-page'
      name='contract'
      filters={page.staff ? STAFF_FILTERS : CUSTOMER_FILTERS}
      errorTitle='合同加载失败'
      emptyTitle={page.filter ? `没有${CONTRACT_STATUS_LABELS[page.filter as ContractStatus]}的合同` : '暂无合同'}
      emptyDescription={page.staff ? undefined : '合同审批通过后会显示在这里，等您确认'}
      renderItem={(contract) => <ContractCard key={contract.id} contract={contract} staff={page.staff} />}
    />
  );
}
