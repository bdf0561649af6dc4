import Taro from '@tarojs/taro';
import type { QuoteStatus } from '@wesale/shared';
import { QUOTE_STATUS_LABELS } from '@wesale/shared/enums';
import { DocumentCard } from '../../../components/document-card';
import type { ListFilter } from '../../../components/document-list';
import { DocumentListPage } from '../../../components/document-list-page';
import { useDocumentListPage } from '../../../hooks/use-document-list-page';
import { ROUTES, withQuery } from '../../../routes';
import { listQuotes, type AnyQuoteSummary } from '../../../services/quotes';
import { formatRelative } from '../../../utils/datetime';
import { QUOTE_STATUS_TONES } from '../../../utils/labels';

const STAFF_FILTERS: ListFilter[] = [
  { value: '', title: '全部' },
  { value: 'draft', title: '草稿' },
  { value: 'pending_approval', title: '待审批' },
  { value: 'sent', title: '已发送' },
  { value: 'accepted', title: '已接受' },
];
const CUSTOMER_FILTERS: ListFilter[] = [
  { value: '', title: '全部' },
  { value: 'sent', title: '待确认' },
  { value: 'accepted', title: '已接受' },
];

function QuoteCard({ quote, staff }: { quote: AnyQuoteSummary; staff: boolean }) {
  const meta = [`有效期至 ${quote.validUntil}`, formatRelative(quote.sentAt ?? quote.createdAt)];
  if ('ownerName' in quote && quote.ownerName) meta.unshift(`负责人 ${quote.ownerName}`);
  return (
    <DocumentCard
      className='quote-card'
      id={quote.id}
      number={`${quote.number} · V${quote.version}`}
      title={staff ? quote.customerName : `报价单 V${quote.version}`}
      statusLabel={QUOTE_STATUS_LABELS[quote.status]}
      tone={QUOTE_STATUS_TONES[quote.status]}
      amountFen={quote.totalFen}
      meta={meta}
      onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.quoteDetail, { id: quote.id }) })}
    />
  );
}

/** 报价单: a customer's quotes (sent to it) or a rep's / manager's quotes, narrowed by status and optionally by customer. */
export default function QuoteListPage() {
  const page = useDocumentListPage<AnyQuoteSummary, QuoteStatus>(listQuotes, '我的报价');

  return (
    <DocumentListPage
      page={page}
      className='quotes-page'
      name='quote'
      filters={page.staff ? STAFF_FILTERS : CUSTOMER_FILTERS}
      errorTitle='报价单加载失败'
      emptyTitle={page.filter ? `没有${QUOTE_STATUS_LABELS[page.filter as QuoteStatus]}的报价单` : '暂无报价单'}
      emptyDescription={page.staff ? '在客户详情里点“新建报价”' : '销售顾问发送报价后会显示在这里'}
      renderItem={(quote) => <QuoteCard key={quote.id} quote={quote} staff={page.staff} />}
    />
  );
}
