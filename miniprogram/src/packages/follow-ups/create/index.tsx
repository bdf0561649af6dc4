import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { Button, Radio, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { FollowUpMethod, FollowUpSubject } from '@wesale/shared';
import { FOLLOW_UP_METHOD_LABELS, FOLLOW_UP_METHODS } from '@wesale/shared/enums';
import { PageToast, showError, showToast } from '../../../components/page-toast';
import { useSalesStaff } from '../../../hooks/use-staff';
import { queryParam } from '../../../routes';
import { addFollowUp } from '../../../services/follow-ups';
import { addDays, dateKey, nextWholeHour, shanghaiIso } from '../../../utils/datetime';
import { setFlash } from '../../../utils/flash';
import './index.scss';

const SUBJECT_LABELS: Record<FollowUpSubject, string> = { lead: '线索', customer: '客户', opportunity: '商机' };

type NextChoice = 'none' | 'today' | 'tomorrow' | 'in3' | 'in7' | 'custom';

const NEXT_CHOICES: Array<{ value: NextChoice; label: string; days?: number }> = [
  { value: 'none', label: '不设置' },
  { value: 'today', label: '今天', days: 0 },
  { value: 'tomorrow', label: '明天', days: 1 },
  { value: 'in3', label: '3 天后', days: 3 },
  { value: 'in7', label: '一周后', days: 7 },
  { value: 'custom', label: '选择日期' },
];

const DEFAULT_TIME = '09:00';

function isSubject(value: string | undefined): value is FollowUpSubject {
  return value === 'lead' || value === 'customer' || value === 'opportunity';
}

export default function FollowUpCreatePage() {
  const params = useRouter().params;
  useSalesStaff();
  const subjectType = isSubject(params.type) ? params.type : null;
  const subjectId = params.id ?? '';
  const subjectName = queryParam(params.name);

  const [method, setMethod] = useState<FollowUpMethod>('phone');
  const [content, setContent] = useState('');
  const [next, setNext] = useState<NextChoice>('none');
  const [customDate, setCustomDate] = useState(() => addDays(dateKey(), 1));
  const [time, setTime] = useState(DEFAULT_TIME);
  const [timeTouched, setTimeTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  const today = dateKey();
  const nextDate = next === 'none' ? null : next === 'custom' ? customDate : addDays(today, NEXT_CHOICES.find((c) => c.value === next)?.days ?? 0);

  const chooseNext = (choice: NextChoice) => {
    setNext(choice);
    // Later today by default, first thing in the morning for another day, unless a time was picked.
    if (!timeTouched) setTime(choice === 'today' ? nextWholeHour() : DEFAULT_TIME);
  };

  const submit = async () => {
    if (submitting || !subjectType) return;
    if (!content.trim()) {
      showToast('请填写跟进内容', 'warn');
      return;
    }
    setSubmitting(true);
    try {
      await addFollowUp(subjectType, subjectId, {
        method,
        content: content.trim(),
        ...(nextDate ? { nextFollowUpAt: shanghaiIso(nextDate, time) } : {}),
      });
      setFlash('跟进已保存');
      Taro.navigateBack();
    } catch (err) {
      showError(err);
      setSubmitting(false);
    }
  };

  return (
    <View className='ws-page crm-page follow-up-create'>
      {subjectType ? (
        <View className='follow-up-create__subject'>
          <Text className='follow-up-create__subject-label'>{SUBJECT_LABELS[subjectType]}</Text>
          <Text className='follow-up-create__subject-name' id='follow-up-subject'>
            {subjectName || '—'}
          </Text>
        </View>
      ) : null}

      <View className='crm-form'>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>跟进方式</Text>
          <Radio.Group id='follow-up-method' className='follow-up-method' value={method} direction='horizontal' onChange={(value) => setMethod(value as FollowUpMethod)}>
            {FOLLOW_UP_METHODS.map((value) => (
              <Radio key={value} shape='button' value={value} className={`follow-up-method__${value}`}>
                {FOLLOW_UP_METHOD_LABELS[value]}
              </Radio>
            ))}
          </Radio.Group>
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label crm-form__label--required'>跟进内容</Text>
          <TextArea
            id='follow-up-content'
            value={content}
            placeholder='沟通了什么、客户的反馈、下一步计划'
            maxLength={2000}
            showCount
            rows={5}
            onChange={setContent}
          />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>下次跟进</Text>
          <Radio.Group id='follow-up-next' className='follow-up-next' value={next} direction='horizontal' onChange={(value) => chooseNext(value as NextChoice)}>
            {NEXT_CHOICES.map((choice) => (
              <Radio key={choice.value} shape='button' value={choice.value} className={`follow-up-next__${choice.value}`}>
                {choice.label}
              </Radio>
            ))}
          </Radio.Group>
          {nextDate ? (
            <View className='follow-up-create__when'>
              {next === 'custom' ? (
                <Picker mode='date' value={customDate} start={today} onChange={(event) => setCustomDate(String(event.detail.value))}>
                  <View className='follow-up-create__picker' id='follow-up-date'>
                    <Text className='follow-up-create__picker-label'>日期</Text>
                    <Text className='follow-up-create__picker-value'>{customDate}</Text>
                  </View>
                </Picker>
              ) : (
                <View className='follow-up-create__picker follow-up-create__picker--static'>
                  <Text className='follow-up-create__picker-label'>日期</Text>
                  <Text className='follow-up-create__picker-value' id='follow-up-date'>
                    {nextDate}
                  </Text>
                </View>
              )}
              <Picker
                mode='time'
                value={time}
                onChange={(event) => {
                  setTime(String(event.detail.value));
                  setTimeTouched(true);
                }}
              >
                <View className='follow-up-create__picker' id='follow-up-time'>
                  <Text className='follow-up-create__picker-label'>时间</Text>
                  <Text className='follow-up-create__picker-value'>{time}</Text>
                </View>
              </Picker>
            </View>
          ) : null}
          <Text className='crm-form__hint'>到期当天会出现在首页的“今日待跟进”里</Text>
        </View>
      </View>

      <View className='crm-form__submit'>
        <Button id='follow-up-submit' type='primary' size='large' block loading={submitting} disabled={!subjectType || !content.trim()} onClick={submit}>
          保存跟进
        </Button>
      </View>
      <PageToast />
    </View>
  );
}
