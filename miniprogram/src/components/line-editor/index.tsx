import { Text, View } from '@tarojs/components';
import { Input, InputNumber } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css';
import type { PriceCheckResult } from '@wesale/shared';
import { formatYuan } from '@wesale/shared/money';
import { MAX_LINE_QUANTITY } from '@wesale/shared/pricing';
import { lineProblem, type DraftLine } from '../../utils/draft-lines';
import { StatusTag } from '../status-tag';
import './index.scss';

export interface LineEditorProps {
  lines: DraftLine[];
  onChange: (lines: DraftLine[]) => void;
  /** The server's pricing of these lines (same order), for line totals and flags. */
  check: PriceCheckResult | null;
}

/** A rep's editable lines: quantity, unit price and line discount per product, with the server's line total and flags. */
export function LineEditor({ lines, onChange, check }: LineEditorProps) {
  const priced = check && check.lines.length === lines.length && check.lines.every((line, index) => line.productId === lines[index].productId) ? check.lines : null;
  const patch = (key: string, change: Partial<DraftLine>) => onChange(lines.map((line) => (line.key === key ? { ...line, ...change } : line)));

  if (lines.length === 0) return <Text className='crm-section__empty line-editor__empty'>还没有产品，点“添加产品”选择</Text>;

  return (
    <View className='line-editor'>
      {lines.map((line, index) => {
        const problem = lineProblem(line);
        const server = priced?.[index];
        return (
          <View key={line.key} className='line-editor__row' data-sku={line.sku}>
            <View className='line-editor__head'>
              <View className='line-editor__product'>
                <Text className='line-editor__name'>{line.productName}</Text>
                <Text className='line-editor__meta'>
                  {line.sku}
                  {line.spec ? ` · ${line.spec}` : ''} · 标价 {formatYuan(line.listPriceFen)}/{line.unit}
                </Text>
              </View>
              <Text className='line-editor__remove' onClick={() => onChange(lines.filter((other) => other.key !== line.key))}>
                删除
              </Text>
            </View>
            <View className='line-editor__fields'>
              <View className='line-editor__field'>
                <Text className='line-editor__label'>数量</Text>
                <InputNumber
                  className='line-editor__quantity'
                  value={line.quantity}
                  min={1}
                  max={MAX_LINE_QUANTITY}
                  onChange={(value) => patch(line.key, { quantity: Number(value) })}
                />
              </View>
              <View className='line-editor__field'>
                <Text className='line-editor__label'>单价（元）</Text>
                <Input className='line-editor__price' type='digit' value={line.priceText} onChange={(value) => patch(line.key, { priceText: value })} />
              </View>
              <View className='line-editor__field'>
                <Text className='line-editor__label'>行优惠（元）</Text>
                <Input className='line-editor__discount' type='digit' value={line.discountText} placeholder='0' onChange={(value) => patch(line.key, { discountText: value })} />
              </View>
            </View>
            <View className='line-editor__foot'>
              {problem ? <Text className='line-editor__problem'>{problem}</Text> : null}
              {!problem && server?.belowFloor ? <StatusTag tone='danger'>低于底价</StatusTag> : null}
              {!problem && server?.beyondRepLimit ? <StatusTag tone='warning'>超出折扣权限</StatusTag> : null}
              <Text className='line-editor__total'>{!problem && server ? `小计 ${formatYuan(server.totalFen)}` : ''}</Text>
            </View>
          </View>
        );
      })}
    </View>
  );
}
