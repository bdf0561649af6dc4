import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { OrderDto, OrderStatus } from '@wesale/shared';
import { ORDER_CHANNEL_LABELS, ORDER_STATUS_LABELS } from '@wesale/shared/enums';
import { DocumentCard } from '../../../components/document-card';
import { DocumentList, type ListFilter } from '../../../components/document-list';
import { useListPage } from '../../../hooks/use-list-page';
import { useSignedIn } from '../../../hooks/use-signed-in';
import { queryParam, ROUTES, withQuery } from '../../../routes';
import { listOrders } from '../../../services/orders';
import { formatRelative } from '../../../utils/datetime';
import { ORDER_STATUS_TONES } from '../../../utils/labels';

const FILTERS: ListFilter[] = [
  { value: '', title: '全部' },
  { value: 'pending_review', title: '待审核' },
  { value: 'confirmed', title: '待发货' },
  { value: 'shipped', title: '已发货' },
  { value: 'completed', title: '已完成' },
];

function OrderCard({ order, staff }: { order: OrderDto; staff: boolean }) {
  const meta = [ORDER_CHANNEL_LABELS[order.channel], formatRelative(order.createdAt)];
  return (
    <DocumentCard
      className='order-card'
      id={order.id}
      number={order.number}
      title={staff ? order.customerName : `订单 ${order.number}`}
      statusLabel={ORDER_STATUS_LABELS[order.status]}
      tone={ORDER_STATUS_TONES[order.status]}
      amountFen={order.totals.totalFen}
      meta={meta}
      onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.orderDetail, { id: order.id }) })}
    />
  );
}

/** 订单: a customer's own orders, or the orders a rep / manager may see (optionally of one customer). */
export default function OrderListPage() {
  const params = useRouter().params;
  const customerId = queryParam(params.customerId);
  const customerName = queryParam(params.customerName);
  const me = useSignedIn();
  const staff = me?.kind === 'staff';
  const [filter, setFilter] = useState('');

  const list = useListPage(
    JSON.stringify([filter, customerId]),
    (cursor) => listOrders({ status: (filter || undefined) as OrderStatus | undefined, customerId: customerId || undefined, cursor }),
    me !== null,
  );

  useEffect(() => {
    if (me?.kind === 'customer') Taro.setNavigationBarTitle({ title: '我的订单' });
  }, [me]);

  return (
    <View className='ws-page crm-page orders-page'>
      <DocumentList
        name='order'
        list={list}
        filters={FILTERS}
        filter={filter}
        onFilter={setFilter}
        header={customerName ? <Text className='document-list__scope'>客户：{customerName}</Text> : null}
        errorTitle='订单加载失败'
        emptyTitle={filter ? `没有${ORDER_STATUS_LABELS[filter as OrderStatus]}的订单` : '暂无订单'}
        emptyDescription={staff ? '在客户详情里点“代客下单”' : '在产品列表加入购物车后即可下单'}
        renderItem={(order) => <OrderCard key={order.id} order={order} staff={staff} />}
      />
    </View>
  );
}
