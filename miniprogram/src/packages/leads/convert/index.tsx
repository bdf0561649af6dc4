import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Dialog, Input, Loading, Radio } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/dialog/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/css';
import type { CrmSettings, DuplicateMatch, Lead } from '@wesale/shared';
import { PageToast, showError, showToast } from '../../../components/page-toast';
import { StateView } from '../../../components/state-view';
import { useSalesStaff } from '../../../hooks/use-staff';
import { ROUTES, withQuery } from '../../../routes';
import { getCrmSettings } from '../../../services/customers';
import { convertLead, getLead } from '../../../services/leads';
import { errorMessage } from '../../../services/request';
import { setFlash } from '../../../utils/flash';
import './index.scss';

type LoadStatus = 'loading' | 'ready' | 'error';

interface Form {
  customerName: string;
  grade: string;
  contactName: string;
  contactTitle: string;
  contactMobile: string;
}

function describeDuplicate(match: DuplicateMatch): string {
  const what = match.entity === 'customer' ? '客户' : match.entity === 'lead' ? '线索' : '商机';
  const on = match.matchedOn === 'mobile' ? '手机号相同' : '名称相同';
  return `${what}「${match.name ?? '（无权查看）'}」，负责人 ${match.ownerName}（${on}）`;
}

export default function LeadConvertPage() {
  const { id = '' } = useRouter().params;
  useSalesStaff();
  const [lead, setLead] = useState<Lead | null>(null);
  const [grades, setGrades] = useState<CrmSettings['customerGrades']>([]);
  const [form, setForm] = useState<Form>({ customerName: '', grade: '', contactName: '', contactTitle: '', contactMobile: '' });
  const [status, setStatus] = useState<LoadStatus>('loading');
  const [error, setError] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<{ customerId: string; duplicates: DuplicateMatch[] } | null>(null);

  const load = useCallback(async () => {
    setStatus('loading');
    try {
      const [fresh, settings] = await Promise.all([getLead(id), getCrmSettings()]);
      setLead(fresh);
      setGrades(settings.customerGrades);
      setForm({
        customerName: fresh.company ?? fresh.name,
        grade: settings.customerGrades[0]?.code ?? '',
        contactName: fresh.name,
        contactTitle: '',
        contactMobile: fresh.mobile ?? '',
      });
      setStatus('ready');
    } catch (err) {
      setError(errorMessage(err));
      setStatus('error');
    }
  }, [id]);

  useEffect(() => {
    load();
  }, [load]);

  const set = (field: keyof Form) => (value: string) => setForm((previous) => ({ ...previous, [field]: value }));

  const openCustomer = (customerId: string) => {
    setFlash('线索已转化为客户');
    Taro.redirectTo({ url: withQuery(ROUTES.customerDetail, { id: customerId }) });
  };

  const submit = async () => {
    if (submitting || !lead) return;
    if (!form.customerName.trim()) {
      showToast('请输入客户名称', 'warn');
      return;
    }
    setSubmitting(true);
    try {
      const converted = await convertLead(lead.id, {
        customer: { name: form.customerName.trim(), ...(form.grade ? { grade: form.grade } : {}) },
        contact: {
          name: form.contactName.trim() || undefined,
          title: form.contactTitle.trim() || undefined,
          mobile: form.contactMobile.trim() || undefined,
        },
      });
      // Duplicates under the `warn` policy: the customer exists now; say what looks alike before moving on.
      if (converted.duplicates.length) setResult({ customerId: converted.customerId, duplicates: converted.duplicates });
      else openCustomer(converted.customerId);
    } catch (err) {
      showError(err);
      setSubmitting(false);
    }
  };

  if (status !== 'ready' || !lead) {
    return (
      <View className='ws-page crm-page lead-convert'>
        {status === 'loading' ? (
          <View className='crm-loading'>
            <Loading direction='vertical'>加载中…</Loading>
          </View>
        ) : (
          <StateView kind='error' title='线索加载失败' description={error} actionText='重试' onAction={load} />
        )}
      </View>
    );
  }

  return (
    <View className='ws-page crm-page lead-convert'>
      <View className='lead-convert__intro'>
        <Text className='lead-convert__intro-title'>
          把线索「{lead.name}」转化为客户
        </Text>
        <Text className='lead-convert__intro-text'>会新建客户和联系人，线索的跟进记录和微信身份一并带过去。</Text>
      </View>

      <View className='crm-form'>
        <Text className='crm-form__title'>客户</Text>
        <View className='crm-form__field'>
          <Text className='crm-form__label crm-form__label--required'>客户名称</Text>
          <Input
            id='convert-customer-name'
            value={form.customerName}
            placeholder='公司或个人名称'
            maxLength={120}
            clearable
            onChange={set('customerName')}
          />
        </View>
        {grades.length ? (
          <View className='crm-form__field'>
            <Text className='crm-form__label'>客户等级</Text>
            <Radio.Group className='convert-grade' value={form.grade} direction='horizontal' onChange={(value) => set('grade')(String(value))}>
              {grades.map((grade) => (
                <Radio key={grade.code} shape='button' value={grade.code} className={`convert-grade__${grade.code}`}>
                  {grade.label}
                </Radio>
              ))}
            </Radio.Group>
          </View>
        ) : null}
      </View>

      <View className='crm-form'>
        <Text className='crm-form__title'>联系人</Text>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>姓名</Text>
          <Input id='convert-contact-name' value={form.contactName} placeholder='联系人姓名' maxLength={64} clearable onChange={set('contactName')} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>职务</Text>
          <Input id='convert-contact-title' value={form.contactTitle} placeholder='如：采购经理（选填）' maxLength={64} clearable onChange={set('contactTitle')} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>手机</Text>
          <Input
            id='convert-contact-mobile'
            type='tel'
            value={form.contactMobile}
            placeholder='选填'
            maxLength={32}
            clearable
            onChange={set('contactMobile')}
          />
        </View>
      </View>

      <View className='crm-form__submit'>
        <Button id='convert-submit' type='primary' size='large' block loading={submitting} disabled={!form.customerName.trim()} onClick={submit}>
          确认转化
        </Button>
      </View>

      <Dialog
        className='convert-duplicates'
        visible={result !== null}
        title='已转化，发现相似记录'
        content={
          <View className='convert-duplicates__list'>
            {result?.duplicates.map((match, index) => (
              <Text key={index} className='convert-duplicates__item'>
                {describeDuplicate(match)}
              </Text>
            ))}
          </View>
        }
        confirmText='查看新客户'
        hideCancelButton
        onConfirm={() => {
          if (result) openCustomer(result.customerId);
        }}
        onClose={() => {
          if (result) openCustomer(result.customerId);
        }}
      />
      <PageToast />
    </View>
  );
}
