import { Text, View } from '@tarojs/components';
import { formatYuan } from '@wesale/shared/money';
import './index.scss';

export interface DocumentTotalsValue {
  grossFen: number;
  discountFen: number;
  totalFen: number;
  taxFen: number;
  /** 大写金额; the cart has none before the server makes the order. */
  totalInWords?: string;
}

export interface DocumentTotalsProps {
  totals: DocumentTotalsValue;
  /** What the grand total is called: 合计, 应付金额 … */
  totalLabel?: string;
  /** Shown under the total, e.g. that the amount is an estimate. */
  note?: string;
  className?: string;
}

/** Goods amount, discounts, the tax inside and the tax-inclusive total (with 大写) of a document. */
export function DocumentTotals({ totals, totalLabel = '合计', note, className = '' }: DocumentTotalsProps) {
  return (
    <View className={`document-totals ${className}`}>
      <View className='document-totals__row'>
        <Text className='document-totals__label'>商品金额</Text>
        <Text className='document-totals__value document-totals__gross'>{formatYuan(totals.grossFen)}</Text>
      </View>
      {totals.discountFen > 0 ? (
        <View className='document-totals__row'>
          <Text className='document-totals__label'>优惠</Text>
          <Text className='document-totals__value document-totals__discount'>-{formatYuan(totals.discountFen)}</Text>
        </View>
      ) : null}
      <View className='document-totals__row'>
        <Text className='document-totals__label'>其中税额</Text>
        <Text className='document-totals__value document-totals__tax'>{formatYuan(totals.taxFen)}</Text>
      </View>
      <View className='document-totals__row document-totals__row--total'>
        <Text className='document-totals__label'>{totalLabel}（含税）</Text>
        <Text className='document-totals__total'>{formatYuan(totals.totalFen)}</Text>
      </View>
      {totals.totalInWords ? <Text className='document-totals__words'>大写：{totals.totalInWords}</Text> : null}
      {note ? <Text className='document-totals__note'>{note}</Text> : null}
    </View>
  );
}
