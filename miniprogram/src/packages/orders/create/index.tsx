import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Input, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { ActionBar } from '../../../components/action-bar';
import { LinesSection } from '../../../components/lines-section';
import { LoadState } from '../../../components/load-state';
import { DocumentPage } from '../../../components/document-page';
import { showError } from '../../../components/page-toast';
import { usePriceCheck } from '../../../hooks/use-price-check';
import { useSalesStaff } from '../../../hooks/use-staff';
import { queryParam, ROUTES, withQuery } from '../../../routes';
import { getCustomer, listContacts } from '../../../services/customers';
import { confirmOrder, createOrder, isStaffOrder, newIdempotencyKey } from '../../../services/orders';
import { ApiError, errorMessage, isApiError } from '../../../services/request';
import { linesInput, type DraftLine } from '../../../utils/draft-lines';
import { setFlash } from '../../../utils/flash';

/** 代客下单 (?customerId=): a rep orders for a customer at its grade prices (or others), then confirms it, which reserves stock. */
export default function OrderCreatePage() {
  const customerId = queryParam(useRouter().params.customerId);
  const me = useSalesStaff();
  const [customerName, setCustomerName] = useState('');
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [address, setAddress] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [remarks, setRemarks] = useState('');
  const [loadStatus, setLoadStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [loadError, setLoadError] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState('');
  // One key per attempt, reused by every retry until the order is made.
  const attemptKey = useRef<string | null>(null);

  const input = linesInput(lines);
  const check = usePriceCheck(customerId, input);

  const load = async () => {
    setLoadStatus('loading');
    try {
      const [customer, contacts] = await Promise.all([getCustomer(customerId), listContacts(customerId).catch(() => [])]);
      const primary = contacts.find((contact) => contact.isPrimary) ?? contacts[0];
      setCustomerName(customer.name);
      setAddress(customer.address ?? '');
      setContactName(primary?.name ?? '');
      setContactPhone(primary?.mobile ?? customer.mobile ?? '');
      setLoadStatus('ready');
    } catch (err) {
      setLoadError(errorMessage(err));
      setLoadStatus('error');
    }
  };

  useEffect(() => {
    if (me) load();
    // Loads once the signed-in rep is known.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.id]);

  const submit = async () => {
    if (submitting) return;
    if (!input) {
      setFormError(lines.length ? '请先修正明细中标红的内容' : '请至少添加一个产品');
      return;
    }
    setFormError('');
    setSubmitting(true);
    attemptKey.current ??= newIdempotencyKey();
    let orderId: string;
    try {
      const order = await createOrder(
        {
          customerId,
          lines: input.map((line) => ({ ...line, discountFen: line.discountFen ?? 0 })),
          shippingAddress: address.trim() || undefined,
          contactName: contactName.trim() || undefined,
          contactPhone: contactPhone.trim() || undefined,
          remarks: remarks.trim() || undefined,
        },
        attemptKey.current,
      );
      attemptKey.current = null;
      orderId = order.id;
      if (order.status !== 'pending_review' || (isStaffOrder(order) && order.reviewStatus === 'pending')) {
        setFlash(order.status === 'pending_review' ? '订单已提交，等待审批后再确认' : '订单已创建');
        Taro.redirectTo({ url: withQuery(ROUTES.orderDetail, { id: orderId }) });
        return;
      }
    } catch (err) {
      // The server forgets a key whose attempt failed, so a retry (even corrected) may reuse it; a key it
      // refuses as reused belongs to an order that was made although its answer got lost.
      let shown: unknown = err;
      if (isApiError(err) && err.code === 'IDEMPOTENCY_KEY_REUSED') {
        attemptKey.current = null;
        shown = new ApiError(err.code, '上一次提交可能已经成功，请先在客户的订单里查看，确认没有后再提交', err.status);
      }
      setFormError(errorMessage(shown));
      showError(shown);
      setSubmitting(false);
      return;
    }
    // Made and needing no review: confirm it now, which reserves the stock (a 409 says what is short).
    try {
      await confirmOrder(orderId);
      setFlash('订单已创建并确认');
    } catch (err) {
      setFlash(`订单已创建，尚未确认：${errorMessage(err)}`, 'warn');
    }
    Taro.redirectTo({ url: withQuery(ROUTES.orderDetail, { id: orderId }) });
  };

  if (loadStatus !== 'ready') {
    return (
      <DocumentPage className='order-create'>
        <LoadState status={loadStatus} error={loadError} title='无法下单' onRetry={load} />
      </DocumentPage>
    );
  }

  return (
    <DocumentPage className='crm-page--with-bar order-create'>
      <View className='crm-hero document-editor__hero'>
        <Text className='crm-hero__title' id='order-create-customer'>
          {customerName}
        </Text>
        <Text className='crm-hero__sub'>销售代下单</Text>
      </View>

      <LinesSection customerId={customerId} lines={lines} onChange={setLines} check={check} totalLabel='订单金额' />

      <View className='crm-form order-create__form'>
        <Text className='crm-form__title'>收货信息</Text>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>收货地址</Text>
          <TextArea id='order-address' value={address} placeholder='省市区、街道、门牌号' maxLength={200} rows={2} onChange={setAddress} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>收货人</Text>
          <Input id='order-contact' value={contactName} placeholder='选填' maxLength={60} onChange={setContactName} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>联系电话</Text>
          <Input id='order-phone' type='tel' value={contactPhone} placeholder='选填' maxLength={32} onChange={setContactPhone} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>备注</Text>
          <Input id='order-remarks' value={remarks} placeholder='选填' maxLength={200} onChange={setRemarks} />
        </View>
      </View>

      {formError ? <Text className='document-form-error order-create__error'>{formError}</Text> : null}

      <ActionBar buttons={[{ id: 'order-submit', text: '提交并确认订单', loading: submitting, onClick: submit }]} />
    </DocumentPage>
  );
}
