import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { QuoteStatus } from '@wesale/shared';
import { QUOTE_STATUS_LABELS } from '@wesale/shared/enums';
import { DocumentCard } from '../../../components/document-card';
import { DocumentList, type ListFilter } from '../../../components/document-list';
import { useListPage } from '../../../hooks/use-list-page';
import { useSignedIn } from '../../../hooks/use-signed-in';
import { queryParam, ROUTES, withQuery } from '../../../routes';
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
  const params = useRouter().params;
  const customerId = queryParam(params.customerId);
  const customerName = queryParam(params.customerName);
  const me = useSignedIn();
  const staff = me?.kind === 'staff';
  const [filter, setFilter] = useState('');

  const list = useListPage(
    JSON.stringify([filter, customerId]),
    (cursor) => listQuotes({ status: (filter || undefined) as QuoteStatus | undefined, customerId: customerId || undefined, cursor }),
    me !== null,
  );

  useEffect(() => {
    if (me?.kind === 'customer') Taro.setNavigationBarTitle({ title: '我的报价' });
  }, [me]);

  return (
    <View className='ws-page crm-page quotes-page'>
      <DocumentList
        name='quote'
        list={list}
        filters={staff ? STAFF_FILTERS : CUSTOMER_FILTERS}
        filter={filter}
        onFilter={setFilter}
        header={customerName ? <Text className='document-list__scope'>客户：{customerName}</Text> : null}
        errorTitle='报价单加载失败'
        emptyTitle={filter ? `没有${QUOTE_STATUS_LABELS[filter as QuoteStatus]}的报价单` : '暂无报价单'}
        emptyDescription={staff ? '在客户详情里点“新建报价”' : '销售顾问发送报价后会显示在这里'}
        renderItem={(quote) => <QuoteCard key={quote.id} quote={quote} staff={staff} />}
      />
    </View>
  );
}
