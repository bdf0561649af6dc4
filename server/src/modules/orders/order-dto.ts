import type {
  CustomerOrderDto,
  OrderDetailDto,
  OrderDto,
  OrderEventDto,
  OrderLineDto,
  PaymentDto,
  StaffOrderDto,
  StaffOrderLineDto,
} from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { lineDto, marginDto, seesMargin, totalsDto } from '../sales/price-rules';
import type { Shipment } from '../shipments/shipment.entity';
import type { OrderEvent } from './order-event.entity';
import type { OrderLine } from './order-line.entity';
import type { Order } from './order.entity';
import type { Payment } from './payment.entity';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Allow-lists per audience: customers never see cost, floor prices, margin or why an order is under review. */
function customerOrderDto(order: Order): CustomerOrderDto {
  return {
    id: order.id,
    number: order.number,
    channel: order.channel,
    status: order.status,
    customerId: order.customerId,
    customerName: order.customerName,
    contractId: order.contractId,
    warehouseId: order.warehouseId,
    totals: totalsDto(order),
    paidFen: order.paidFen,
    shippingAddress: order.shippingAddress,
    contactName: order.contactName,
    contactPhone: order.contactPhone,
    remarks: order.remarks,
    confirmedAt: iso(order.confirmedAt),
    cancelledAt: iso(order.cancelledAt),
    cancelReason: order.cancelReason,
    deliveredAt: iso(order.deliveredAt),
    completedAt: iso(order.completedAt),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

function staffOrderDto(actor: Actor, order: Order): StaffOrderDto {
  return {
    ...customerOrderDto(order),
    ownerId: order.ownerId,
    teamId: order.teamId,
    createdBy: order.createdBy,
    reviewStatus: order.reviewStatus,
    reviewReasons: order.reviewReasons ?? [],
    margin: seesMargin(actor) ? marginDto(order) : null,
  };
}

export function orderDto(actor: Actor, order: Order): OrderDto {
  return actor.kind === 'staff' ? staffOrderDto(actor, order) : customerOrderDto(order);
}

function customerLineDto(line: OrderLine): OrderLineDto {
  return { id: line.id, ...lineDto(line), contractLineId: line.contractLineId, shippedQty: line.shippedQty };
}

function staffLineDto(actor: Actor, line: OrderLine): StaffOrderLineDto {
  return {
    ...customerLineDto(line),
    floorPriceFen: line.floorPriceFen,
    belowFloor: line.totalFen < line.quantity * line.floorPriceFen,
    ...(seesMargin(actor) ? { costFen: line.costFen } : {}),
  };
}

export function eventDto(event: Pick<OrderEvent, 'fromStatus' | 'toStatus' | 'actorType' | 'note' | 'createdAt'>): OrderEventDto {
  return {
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorType: event.actorType,
    note: event.note,
    createdAt: event.createdAt.toISOString(),
  };
}

export function paymentDto(payment: Payment): PaymentDto {
  return { id: payment.id, amountFen: payment.amountFen, method: payment.method, receivedAt: payment.receivedAt.toISOString(), note: payment.note };
}

export interface OrderParts {
  order: Order;
  lines: OrderLine[];
  events: Array<Pick<OrderEvent, 'fromStatus' | 'toStatus' | 'actorType' | 'note' | 'createdAt'>>;
  shipments: Shipment[];
  payments: Payment[];
}

export function orderDetailDto(actor: Actor, parts: OrderParts): OrderDetailDto {
  const detail = {
    events: parts.events.map(eventDto),
    shipments: parts.shipments.map((s) => ({
      id: s.id,
      number: s.number,
      status: s.status,
      carrier: s.carrier,
      trackingNumber: s.trackingNumber,
      shippedAt: iso(s.shippedAt),
      deliveredAt: iso(s.deliveredAt),
    })),
    payments: parts.payments.map(paymentDto),
  };
  if (actor.kind === 'staff') {
    return { ...staffOrderDto(actor, parts.order), lines: parts.lines.map((line) => staffLineDto(actor, line)), ...detail };
  }
  return { ...customerOrderDto(parts.order), lines: parts.lines.map(customerLineDto), ...detail };
}
