import { Text, View } from '@tarojs/components';
import { formatYuan } from '@wesale/shared/money';
import { StatusTag } from '../status-tag';
import './index.scss';

/** A priced line as quotes, contracts, orders and the cart show it (staff flags and shipped quantities optional). */
export interface DocumentLineItem {
  lineNo: number;
  productName: string;
  spec: string;
  sku: string;
  unit: string;
  quantity: number;
  listPriceFen: number;
  unitPriceFen: number;
  discountFen: number;
  totalFen: number;
  belowFloor?: boolean;
  beyondRepLimit?: boolean;
  shippedQty?: number;
}

export interface DocumentLinesProps {
  lines: DocumentLineItem[];
  /** Orders: how much of each line has left the warehouse. */
  showShipped?: boolean;
  className?: string;
}

/** The product lines of a sales document: what, how many, at what price, the line discount and the line total. */
export function DocumentLines({ lines, showShipped = false, className = '' }: DocumentLinesProps) {
  return (
    <View className={`document-lines ${className}`}>
      {lines.map((line) => (
        <View key={line.lineNo} className='document-line' data-sku={line.sku}>
          <View className='document-line__head'>
            <Text className='document-line__name'>{line.productName}</Text>
            <Text className='document-line__total'>{formatYuan(line.totalFen)}</Text>
          </View>
          {line.spec ? <Text className='document-line__spec'>{line.spec}</Text> : null}
          <View className='document-line__meta'>
            <Text className='document-line__sku'>{line.sku}</Text>
            <Text className='document-line__qty'>
              {line.quantity} {line.unit} × {formatYuan(line.unitPriceFen)}
            </Text>
            {line.unitPriceFen < line.listPriceFen ? <Text className='document-line__list-price'>{formatYuan(line.listPriceFen)}</Text> : null}
          </View>
          {line.discountFen > 0 || line.belowFloor || line.beyondRepLimit || (showShipped && line.shippedQty !== undefined) ? (
            <View className='document-line__notes'>
              {line.discountFen > 0 ? <Text className='document-line__discount'>优惠 -{formatYuan(line.discountFen)}</Text> : null}
              {showShipped && line.shippedQty !== undefined ? (
                <Text className='document-line__shipped'>
                  已发 {line.shippedQty}/{line.quantity} {line.unit}
                </Text>
              ) : null}
              {line.belowFloor ? (
                <StatusTag tone='danger' className='document-line__flag'>
                  低于底价
                </StatusTag>
              ) : null}
              {line.beyondRepLimit ? (
                <StatusTag tone='warning' className='document-line__flag'>
                  超出折扣权限
                </StatusTag>
              ) : null}
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
