import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Input, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { QuoteDto } from '@wesale/shared';
import { ActionBar } from '../../../components/action-bar';
import { LinesSection } from '../../../components/lines-section';
import { LoadState } from '../../../components/load-state';
import { DocumentPage } from '../../../components/document-page';
import { showError } from '../../../components/page-toast';
import { usePriceCheck } from '../../../hooks/use-price-check';
import { useSalesStaff } from '../../../hooks/use-staff';
import { queryParam, ROUTES, withQuery } from '../../../routes';
import { getCustomer } from '../../../services/customers';
import { createQuote, getQuote, isStaffQuote, quoteAction, updateQuote } from '../../../services/quotes';
import { errorMessage } from '../../../services/request';
import { draftLine, linesInput, type DraftLine } from '../../../utils/draft-lines';
import { setFlash } from '../../../utils/flash';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * 新建报价 (?customerId=) or 编辑报价 (?id= of a draft): lines at the customer's grade prices, live totals and
 * approval needs from the server, then 保存草稿 or 提交 (to a manager when a price needs approval).
 */
export default function QuoteEditPage() {
  const params = useRouter().params;
  const quoteId = queryParam(params.id);
  const me = useSalesStaff();
  const [customerId, setCustomerId] = useState(queryParam(params.customerId));
  const [customerName, setCustomerName] = useState('');
  const [draft, setDraft] = useState<QuoteDto | null>(null);
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [validUntil, setValidUntil] = useState('');
  const [remarks, setRemarks] = useState('');
  const [loadStatus, setLoadStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [loadError, setLoadError] = useState('');
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [formError, setFormError] = useState('');

  const input = linesInput(lines);
  const check = usePriceCheck(customerId, input);

  const load = async () => {
    setLoadStatus('loading');
    try {
      if (quoteId) {
        const quote = await getQuote(quoteId);
        if (!isStaffQuote(quote) || quote.status !== 'draft') throw new Error('只有草稿可以编辑');
        setDraft(quote);
        setCustomerId(quote.customerId);
        setCustomerName(quote.customerName);
        setLines(quote.lines.map((line) => draftLine(line, line.unitPriceFen, line.quantity, line.discountFen)));
        setValidUntil(quote.validUntil);
        setRemarks(quote.remarks ?? '');
        Taro.setNavigationBarTitle({ title: `编辑报价 V${quote.version}` });
      } else {
        setCustomerName((await getCustomer(customerId)).name);
      }
      setLoadStatus('ready');
    } catch (err) {
      setLoadError(err instanceof Error && !('code' in err) ? err.message : errorMessage(err));
      setLoadStatus('error');
    }
  };

  useEffect(() => {
    if (me) load();
    // Loads once the signed-in rep is known.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.id]);

  const save = async (thenSubmit: boolean) => {
    if (busy) return;
    if (!input) {
      setFormError(lines.length ? '请先修正明细中标红的内容' : '请至少添加一个产品');
      return;
    }
    if (validUntil && !DATE_PATTERN.test(validUntil.trim())) {
      setFormError('有效期格式应为 YYYY-MM-DD');
      return;
    }
    setFormError('');
    setBusy(thenSubmit ? 'submit' : 'save');
    try {
      const fields = { lines: input.map((line) => ({ ...line, discountFen: line.discountFen ?? 0 })), validUntil: validUntil.trim() || undefined, remarks: remarks.trim() || undefined };
      let saved = draft ? await updateQuote(draft.id, fields) : await createQuote({ customerId, ...fields });
      setDraft(saved);
      if (thenSubmit) {
        saved = await quoteAction(saved.id, 'submit');
        setFlash(saved.status === 'pending_approval' ? '已提交，等待经理审批' : '已提交，可以发送给客户');
      } else {
        setFlash('草稿已保存');
      }
      Taro.redirectTo({ url: withQuery(ROUTES.quoteDetail, { id: saved.id }) });
    } catch (err) {
      setFormError(errorMessage(err));
      showError(err);
      setBusy(null);
    }
  };

  if (loadStatus !== 'ready') {
    return (
      <DocumentPage className='quote-edit'>
        <LoadState status={loadStatus} error={loadError} title='无法编辑报价' onRetry={load} />
      </DocumentPage>
    );
  }

  const needsApproval = check.result?.needsApproval ?? false;

  return (
    <DocumentPage className='crm-page--with-bar quote-edit'>
      <View className='crm-hero document-editor__hero'>
        <Text className='crm-hero__title' id='quote-edit-customer'>
          {customerName}
        </Text>
        <Text className='crm-hero__sub'>{draft ? `${draft.number} · V${draft.version} 草稿` : '新报价单'}</Text>
      </View>

      <LinesSection customerId={customerId} lines={lines} onChange={setLines} check={check} totalLabel='报价总额' />

      <View className='crm-form quote-edit__form'>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>有效期至</Text>
          <Input id='quote-valid-until' value={validUntil} placeholder='YYYY-MM-DD，不填按系统默认天数' maxLength={10} onChange={setValidUntil} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>备注</Text>
          <TextArea id='quote-remarks' value={remarks} placeholder='选填，客户可以看到' maxLength={1000} rows={2} onChange={setRemarks} />
        </View>
      </View>

      {formError ? <Text className='document-form-error quote-edit__error'>{formError}</Text> : null}

      <ActionBar
        buttons={[
          { id: 'quote-save', text: '保存草稿', kind: 'secondary', loading: busy === 'save', disabled: busy === 'submit', onClick: () => save(false) },
          {
            id: 'quote-save-submit',
            text: needsApproval ? '提交审批' : '提交',
            loading: busy === 'submit',
            disabled: busy === 'save',
            onClick: () => save(true),
          },
        ]}
      />
    </DocumentPage>
  );
}
