import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import { PageToast, showError, showToast } from '../../../components/page-toast';
import { useSalesStaff } from '../../../hooks/use-staff';
import { ROUTES, withQuery } from '../../../routes';
import { createLead } from '../../../services/leads';
import { setFlash } from '../../../utils/flash';
import './index.scss';

export default function LeadCreatePage() {
  useSalesStaff();
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [mobile, setMobile] = useState('');
  const [notes, setNotes] = useState('');
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    if (submitting) return;
    if (!name.trim()) {
      showToast('请输入线索名称', 'warn');
      return;
    }
    setSubmitting(true);
    try {
      const lead = await createLead({
        name: name.trim(),
        company: company.trim() || undefined,
        mobile: mobile.trim() || undefined,
        notes: notes.trim() || undefined,
      });
      const duplicate = lead.duplicates[0];
      setFlash(duplicate ? `已创建。注意：与${duplicate.entity === 'customer' ? '客户' : '线索'}「${duplicate.name ?? '***'}」相似` : '线索已创建');
      Taro.redirectTo({ url: withQuery(ROUTES.leadDetail, { id: lead.id }) });
    } catch (err) {
      showError(err);
      setSubmitting(false);
    }
  };

  return (
    <View className='ws-page crm-page lead-create'>
      <View className='crm-form'>
        <View className='crm-form__field'>
          <Text className='crm-form__label crm-form__label--required'>姓名</Text>
          <Input id='lead-create-name' value={name} placeholder='如：陈先生' maxLength={64} clearable onChange={setName} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>公司</Text>
          <Input id='lead-create-company' value={company} placeholder='选填' maxLength={120} clearable onChange={setCompany} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>手机</Text>
          <Input id='lead-create-mobile' type='tel' value={mobile} placeholder='选填，用于查重' maxLength={32} clearable onChange={setMobile} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>备注</Text>
          <TextArea id='lead-create-notes' value={notes} placeholder='需求、来源渠道等（选填）' maxLength={2000} rows={3} onChange={setNotes} />
        </View>
      </View>
      <View className='crm-form__submit'>
        <Button id='lead-create-submit' type='primary' size='large' block loading={submitting} disabled={!name.trim()} onClick={submit}>
          保存线索
        </Button>
      </View>
      <PageToast />
    </View>
  );
}
