import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { PriceCheck } from '../../hooks/use-price-check';
import { draftLine, type DraftLine } from '../../utils/draft-lines';
import { DocumentTotals } from '../document-totals';
import { LineEditor } from '../line-editor';
import { ProductPicker, type PickedProduct } from '../product-picker';
import { Section } from '../section';
import { StatusTag } from '../status-tag';

export interface LinesSectionProps {
  customerId: string;
  lines: DraftLine[];
  onChange: (lines: DraftLine[]) => void;
  check: PriceCheck;
  /** What the total is called on this document. */
  totalLabel: string;
}

/**
 * The line part of a rep's quote or order form: the product picker at the customer's grade prices, the
 * editable lines, and the server's live totals with whether a manager must approve.
 */
export function LinesSection({ customerId, lines, onChange, check, totalLabel }: LinesSectionProps) {
  const [picking, setPicking] = useState(false);
  const result = check.result;

  const pick = ({ product, price }: PickedProduct) => {
    onChange(
      lines.concat(
        draftLine(
          { productId: product.id, sku: product.sku, productName: product.name, spec: product.spec, unit: product.unit, listPriceFen: price?.listPriceFen ?? product.priceFen },
          price?.gradePriceFen ?? product.priceFen,
        ),
      ),
    );
    setPicking(false);
  };

  return (
    <>
      <Section
        title='产品明细'
        id='document-lines-editor'
        extra={
          <Text className='crm-section__link' id='add-product' onClick={() => setPicking(true)}>
            添加产品
          </Text>
        }
      >
        <LineEditor lines={lines} onChange={onChange} check={result} />
      </Section>

      <Section title='金额' id='document-live-totals' className={check.checking ? 'document-live-totals--checking' : ''}>
        {result && lines.length ? (
          <>
            <DocumentTotals totals={result.totals} totalLabel={totalLabel} />
            <View className={`document-approval document-approval--${result.needsApproval ? 'needed' : 'none'}`} id='document-approval'>
              <StatusTag tone={result.needsApproval ? 'warning' : 'success'}>{result.needsApproval ? '需经理审批' : '无需审批'}</StatusTag>
              {result.approvalReasons.map((reason) => (
                <Text key={reason} className='document-approval__reason'>
                  {reason}
                </Text>
              ))}
            </View>
          </>
        ) : (
          <Text className='crm-section__empty'>{check.error || (lines.length ? '正在计算…' : '添加产品后显示金额')}</Text>
        )}
        {result && check.error ? <Text className='document-form-error'>{check.error}</Text> : null}
      </Section>

      <ProductPicker visible={picking} customerId={customerId} pickedIds={lines.map((line) => line.productId)} onPick={pick} onClose={() => setPicking(false)} />
    </>
  );
}
