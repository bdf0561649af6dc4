import Taro from '@tarojs/taro';
import type { OrderDto, OrderStatus } from '@wesale/shared';
import { ORDER_CHANNEL_LABELS, ORDER_STATUS_LABELS } from '@wesale/shared/enums';
import { DocumentCard } from '../../../components/document-card';
import type { ListFilter } from '../../../components/document-list';
import { DocumentListPage } from '../../../components/document-list-page';
import { useDocumentListPage } from '../../../hooks/use-document-list-page';
import { ROUTES, withQuery } from '../../../routes';
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

/** Staff read the customer as the title; a customer (all orders are its own) reads how the order was placed. The number shows once, under it. */
function OrderCard({ order, staff }: { order: OrderDto; staff: boolean }) {
  const channel = ORDER_CHANNEL_LABELS[order.channel];
  const meta = staff ? [channel, formatRelative(order.createdAt)] : [formatRelative(order.createdAt)];
  return (
    <DocumentCard
      className='order-card'
      id={order.id}
      number={order.number}
      title={staff ? order.customerName : channel}
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
  const page = useDocumentListPage<OrderDto, OrderStatus>(listOrders, '我的订单');

  return (
    <DocumentListPage
      page={page}
      className='orders-page'
      name='order'
      filters={FILTERS}
      errorTitle='订单加载失败'
      emptyTitle={page.filter ? `没有${ORDER_STATUS_LABELS[page.filter as OrderStatus]}的订单` : '暂无订单'}
      emptyDescription={page.staff ? '在客户详情里点“代客下单”' : '在产品列表加入购物车后即可下单'}
      renderItem={(order) => <OrderCard key={order.id} order={order} staff={page.staff} />}
    />
  );
}
