import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Input, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { ActionBar } from '../../../components/action-bar';
import { DocumentLines } from '../../../components/document-lines';
import { DocumentTotals } from '../../../components/document-totals';
import { DocumentPage } from '../../../components/document-page';
import { showError } from '../../../components/page-toast';
import { Section } from '../../../components/section';
import { StateView } from '../../../components/state-view';
import { useSignedIn } from '../../../hooks/use-signed-in';
import { ROUTES, withQuery } from '../../../routes';
import { createOrder, newIdempotencyKey } from '../../../services/orders';
import { ApiError, errorMessage, isApiError } from '../../../services/request';
import { cartItems, cartTotals, checkoutKey, clearCart, lastShipping, resetCheckoutKey, saveShipping } from '../../../utils/cart';
import { setFlash } from '../../../utils/flash';

/** 确认订单: the cart's lines and total, where to deliver, then one order (one Idempotency-Key per attempt). */
export default function CheckoutPage() {
  useSignedIn();
  const [items] = useState(() => cartItems());
  const [shipping, setShipping] = useState(() => lastShipping());
  const [remarks, setRemarks] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');
  const totals = cartTotals(items);

  const update = (field: keyof typeof shipping) => (value: string) => {
    setShipping((previous) => ({ ...previous, [field]: value }));
    setError('');
  };

  const submit = async () => {
    if (submitting) return;
    const address = shipping.shippingAddress.trim();
    const contactName = shipping.contactName.trim();
    const contactPhone = shipping.contactPhone.trim();
    if (!address || !contactName || !contactPhone) {
      setError('请填写收货地址、收货人和联系电话');
      return;
    }
    setSubmitting(true);
    setError('');
    // The same key for every retry of this checkout, so an order that reached the server before the
    // connection broke is answered again instead of being made twice.
    const key = checkoutKey(newIdempotencyKey);
    try {
      const order = await createOrder(
        {
          lines: items.map((item) => ({ productId: item.productId, quantity: item.quantity, discountFen: 0 })),
          shippingAddress: address,
          contactName,
          contactPhone,
          remarks: remarks.trim() || undefined,
        },
        key,
      );
      clearCart();
      saveShipping({ shippingAddress: address, contactName, contactPhone });
      setFlash(order.status === 'pending_review' ? '下单成功，等待商家审核' : '下单成功');
      Taro.redirectTo({ url: withQuery(ROUTES.orderDetail, { id: order.id }) });
    } catch (err) {
      let shown: unknown = err;
      if (isApiError(err) && err.code === 'IDEMPOTENCY_KEY_REUSED') {
        // The key went with a different order body: start a new attempt, but first let the customer check.
        resetCheckoutKey();
        shown = new ApiError(err.code, '上一次提交可能已经成功，请先到“我的订单”查看，确认没有后再提交', err.status);
      }
      setError(errorMessage(shown));
      showError(shown);
      setSubmitting(false);
    }
  };

  if (items.length === 0) {
    return (
      <DocumentPage className='checkout-page'>
        <StateView className='checkout-empty' title='购物车是空的' actionText='去选购' onAction={() => Taro.reLaunch({ url: ROUTES.products })} />
      </DocumentPage>
    );
  }

  return (
    <DocumentPage className='crm-page--with-bar checkout-page'>
      <View className='crm-form checkout-form' id='checkout-form'>
        <Text className='crm-form__title'>收货信息</Text>
        <View className='crm-form__field'>
          <Text className='crm-form__label crm-form__label--required'>收货地址</Text>
          <TextArea id='checkout-address' value={shipping.shippingAddress} placeholder='省市区、街道、门牌号' maxLength={200} rows={2} onChange={update('shippingAddress')} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label crm-form__label--required'>收货人</Text>
          <Input id='checkout-contact' value={shipping.contactName} placeholder='姓名' maxLength={60} onChange={update('contactName')} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label crm-form__label--required'>联系电话</Text>
          <Input id='checkout-phone' type='tel' value={shipping.contactPhone} placeholder='手机或座机' maxLength={32} onChange={update('contactPhone')} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>备注</Text>
          <Input id='checkout-remarks' value={remarks} placeholder='选填' maxLength={200} onChange={setRemarks} />
        </View>
      </View>

      <Section title='商品' id='checkout-lines'>
        <DocumentLines
          lines={totals.lines.map((line, index) => ({
            lineNo: index + 1,
            productName: line.item.name,
            spec: line.item.spec,
            sku: line.item.sku,
            unit: line.item.unit,
            quantity: line.quantity,
            listPriceFen: line.unitPriceFen,
            unitPriceFen: line.unitPriceFen,
            discountFen: 0,
            totalFen: line.totalFen,
          }))}
        />
        <DocumentTotals totals={totals} totalLabel='应付金额' className='checkout-totals' note='按您的客户价计算，以提交后生成的订单金额为准。' />
      </Section>

      {error ? <Text className='document-form-error checkout-error'>{error}</Text> : null}

      <ActionBar buttons={[{ id: 'checkout-submit', text: '提交订单', loading: submitting, onClick: submit }]} />
    </DocumentPage>
  );
}
