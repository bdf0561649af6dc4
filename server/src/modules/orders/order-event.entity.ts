import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { ORDER_STATUSES, type OrderStatus } from '@wesale/shared';
import { IdColumn, idTransformer } from '../../infra/entity-base';

export const ORDER_EVENT_ACTOR_TYPES = ['staff', 'customer', 'system'] as const;
export type OrderEventActorType = (typeof ORDER_EVENT_ACTOR_TYPES)[number];

/** The status timeline of an order (append-only, hence no updatedAt). */
@Entity('order_events')
@Index('ix_order_events_order', ['orderId', 'id'])
export class OrderEvent {
  @PrimaryColumn({ type: 'bigint', transformer: idTransformer })
  @Generated('increment')
  id!: string;

  @IdColumn()
  orderId!: string;

  @Column({ type: 'simple-enum', enum: ORDER_STATUSES, nullable: true })
  fromStatus!: OrderStatus | null;

  @Column({ type: 'simple-enum', enum: ORDER_STATUSES })
  toStatus!: OrderStatus;

  @Column({ type: 'simple-enum', enum: ORDER_EVENT_ACTOR_TYPES })
  actorType!: OrderEventActorType;

  @IdColumn({ nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt!: Date;
}
