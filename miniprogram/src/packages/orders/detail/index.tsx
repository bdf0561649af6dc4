import { Text, View } from '@tarojs/components';
import type { OrderDetailDto, OrderEventDto } from '@wesale/shared';
import { ORDER_CHANNEL_LABELS, ORDER_STATUS_LABELS, SHIPMENT_STATUS_LABELS } from '@wesale/shared/enums';
import { formatYuan } from '@wesale/shared/money';
import { orderStateMachine } from '@wesale/shared/state-machines';
import { ActionBar, type ActionBarButton } from '../../../components/action-bar';
import { DocumentHero } from '../../../components/document-hero';
import { DocumentPage } from '../../../components/document-page';
import { DocumentActionSheet } from '../../../components/document-action-sheet';
import { DocumentLinesSection, DocumentPageLoading } from '../../../components/document-sections';
import { FieldRows, Section } from '../../../components/section';
import { StatusTimeline, type StatusTimelineItem } from '../../../components/status-timeline';
import { StatusTag } from '../../../components/status-tag';
import { useDocumentDetail } from '../../../hooks/use-document-detail';
import { cancelOrder, confirmOrder, getOrder, isStaffOrder } from '../../../services/orders';
import { formatDateTime } from '../../../utils/datetime';
import { ORDER_STATUS_TONES, SHIPMENT_STATUS_TONES } from '../../../utils/labels';
import './index.scss';

/**
 * Who moved the order. A staff event may come from any role (the warehouse ships, finance settles), and the
 * event does not say which, so our side is named as a whole: 员工 to staff, 商家 to the customer.
 */
function actorLabel(actorType: OrderEventDto['actorType'], staffReader: boolean): string {
  if (actorType === 'staff') return staffReader ? '员工' : '商家';
  return actorType === 'customer' ? '客户' : '系统';
}

/** The order's status changes, newest first. */
function timelineOf(order: OrderDetailDto, staffReader: boolean): StatusTimelineItem[] {
  return order.events
    .map((event, index) => ({
      key: `${index}`,
      title: event.fromStatus === null ? '订单已提交' : event.fromStatus === event.toStatus ? '审核进展' : ORDER_STATUS_LABELS[event.toStatus],
      at: event.createdAt,
      meta: actorLabel(event.actorType, staffReader),
      note: event.note,
    }))
    .reverse()
    .map((item, index) => ({ ...item, accent: index === 0 }));
}

/** 订单 detail: lines with what has shipped, totals, delivery details, the status timeline and the shipments. */
export default function OrderDetailPage() {
  const { document: order, busy, sheet, setSheet, act } = useDocumentDetail<OrderDetailDto, 'cancel'>(getOrder);

  const doc = order.doc;
  if (!doc) return <DocumentPageLoading className='order-detail' document={order} errorTitle='订单加载失败' />;

  const staff = isStaffOrder(doc) ? doc : null;
  const buttons: ActionBarButton[] = [];
  // Customers may withdraw an order until it is confirmed; staff may cancel while the state machine allows it.
  if (orderStateMachine.canTransition(doc.status, 'cancelled') && (staff || doc.status === 'pending_review')) {
    buttons.push({ id: 'order-cancel', text: '取消订单', kind: 'secondary', onClick: () => setSheet('cancel') });
  }
  if (staff && orderStateMachine.canTransition(doc.status, 'confirmed')) {
    buttons.push({
      id: 'order-confirm',
      text: '确认订单',
      loading: busy === 'confirm',
      onClick: () => act('confirm', () => confirmOrder(doc.id), '订单已确认，库存已预留'),
    });
  }

  return (
    <DocumentPage className={`order-detail${buttons.length ? ' crm-page--with-bar' : ''}`} status={doc.status}>
      <DocumentHero
        title={staff ? doc.customerName : '我的订单'}
        number={doc.number}
        statusLabel={ORDER_STATUS_LABELS[doc.status]}
        tone={ORDER_STATUS_TONES[doc.status]}
        sub={`${ORDER_CHANNEL_LABELS[doc.channel]} · ${formatDateTime(doc.createdAt)}`}
        totalFen={doc.totals.totalFen}
        totalLabel='订单金额'
        stats={[{ label: '已付', value: formatYuan(doc.paidFen) }]}
      />

      {staff && staff.reviewReasons.length && staff.reviewStatus !== 'not_required' ? (
        <View className='document-alert order-review'>
          <StatusTag tone={staff.reviewStatus === 'approved' ? 'success' : staff.reviewStatus === 'rejected' ? 'danger' : 'warning'}>
            {staff.reviewStatus === 'approved' ? '审批已通过' : staff.reviewStatus === 'rejected' ? '审批被驳回' : '等待审批'}
          </StatusTag>
          {staff.reviewReasons.map((reason) => (
            <Text key={reason.kind + reason.reason} className='document-alert__text'>
              {reason.reason}
            </Text>
          ))}
        </View>
      ) : null}

      {doc.cancelReason ? (
        <View className='document-alert order-cancel-reason'>
          <Text className='document-alert__text'>取消原因：{doc.cancelReason}</Text>
        </View>
      ) : null}

      <DocumentLinesSection
        prefix='order'
        title='订单明细'
        lines={doc.lines}
        totals={doc.totals}
        totalLabel='订单金额'
        showShipped={doc.status !== 'pending_review' && doc.status !== 'cancelled'}
      />

      <Section title='订单进度' id='order-timeline'>
        <StatusTimeline items={timelineOf(doc, staff !== null)} />
      </Section>

      <Section title='发货信息' id='order-shipments'>
        {doc.shipments.length ? (
          doc.shipments.map((shipment) => (
            <View key={shipment.id} className='shipment-row' data-number={shipment.number}>
              <View className='shipment-row__head'>
                <Text className='shipment-row__number'>{shipment.number}</Text>
                <StatusTag tone={SHIPMENT_STATUS_TONES[shipment.status]} className='shipment-row__status'>
                  {SHIPMENT_STATUS_LABELS[shipment.status]}
                </StatusTag>
              </View>
              <Text className='shipment-row__carrier'>
                {shipment.carrier ?? '承运商待定'}
                {shipment.trackingNumber ? ` · 运单号 ${shipment.trackingNumber}` : ''}
              </Text>
              {shipment.shippedAt ? <Text className='shipment-row__time'>发货 {formatDateTime(shipment.shippedAt)}</Text> : null}
              {shipment.deliveredAt ? <Text className='shipment-row__time'>签收 {formatDateTime(shipment.deliveredAt)}</Text> : null}
            </View>
          ))
        ) : (
          <Text className='crm-section__empty order-shipments__empty'>{doc.status === 'cancelled' ? '订单已取消' : '尚未发货'}</Text>
        )}
      </Section>

      <Section title='收货信息' id='order-delivery'>
        <FieldRows
          rows={[
            ['收货地址', doc.shippingAddress],
            ['联系人', doc.contactName],
            ['联系电话', doc.contactPhone],
            ['备注', doc.remarks],
          ]}
        />
      </Section>

      <ActionBar buttons={buttons} />

      <DocumentActionSheet
        prefix='order'
        sheets={{
          cancel: {
            title: '取消订单',
            description: doc.status === 'pending_review' ? '取消后订单不再处理。' : '取消后预留的库存会释放。',
            placeholder: '取消原因（选填）',
            confirmText: '确认取消',
            danger: true,
            input: true,
            done: '订单已取消',
          },
        }}
        sheet={sheet}
        onClose={() => setSheet(null)}
        document={order}
        perform={(_, reason) => cancelOrder(doc.id, reason)}
      />
    </DocumentPage>
  );
}
