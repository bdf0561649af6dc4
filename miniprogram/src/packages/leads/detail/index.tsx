import { useCallback, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionSheet, Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/actionsheet/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { FollowUpDto, Lead, LeadStatus } from '@wesale/shared';
import { LEAD_SOURCE_LABELS, LEAD_STATUS_LABELS } from '@wesale/shared/enums';
import { leadStateMachine } from '@wesale/shared/state-machines';
import { FieldRow, HeroStat, Section } from '../../../components/crm-section';
import { FollowUpSection } from '../../../components/follow-up-list';
import { PageLoadState } from '../../../components/page-load-state';
import { PageToast, showError, showToast } from '../../../components/page-toast';
import { PromptSheet } from '../../../components/prompt-sheet';
import { StatusTag } from '../../../components/status-tag';
import { useClaim } from '../../../hooks/use-claim';
import { usePageData, useRefreshOnReturn } from '../../../hooks/use-page-data';
import { useSalesStaff } from '../../../hooks/use-staff';
import { ROUTES, withQuery } from '../../../routes';
import { listFollowUps } from '../../../services/follow-ups';
import { changeLeadStatus, claimLead, getLead } from '../../../services/leads';
import { formatDateTime, formatRelative } from '../../../utils/datetime';
import { formatMobile, LEAD_STATUS_TONES } from '../../../utils/labels';
import './index.scss';

// `converted` is reached only through 转化为客户. The server decides in the end (409 otherwise).
const STATUS_ACTIONS: Partial<Record<LeadStatus, string>> = {
  contacted: '标记为已联系',
  qualified: '标记为已确认（有意向）',
  lost: '标记为流失',
  new: '重新激活',
};

export default function LeadDetailPage() {
  const { id = '' } = useRouter().params;
  const me = useSalesStaff();
  const [lead, setLead] = useState<Lead | null>(null);
  const [followUps, setFollowUps] = useState<FollowUpDto[]>([]);
  const [statusSheet, setStatusSheet] = useState(false);
  const [lostSheet, setLostSheet] = useState(false);

  const { status, error, reload } = usePageData(
    useCallback(async () => {
      const [fresh, records] = await Promise.all([getLead(id), listFollowUps('lead', id)]);
      setLead(fresh);
      setFollowUps(records.data);
    }, [id]),
  );
  useRefreshOnReturn(reload);

  const moveTo = async (next: Exclude<LeadStatus, 'converted'>, lostReason?: string) => {
    try {
      setLead(await changeLeadStatus(id, next, lostReason));
      showToast(`已${next === 'new' ? '重新激活' : `标记为${LEAD_STATUS_LABELS[next]}`}`, 'success');
    } catch (err) {
      showError(err);
      throw err;
    }
  };

  const { claiming, claim } = useClaim(async () => {
    const result = await claimLead(id);
    if (result.status === 'claimed') setLead(result.lead);
    return result.status;
  }, '领取成功，已成为你的线索');

  if (status !== 'ready' || !lead) {
    return <PageLoadState className='lead-detail' loading={status === 'loading'} errorTitle='线索加载失败' error={error} onRetry={reload} />;
  }

  const mine = me !== null && lead.ownerId === me.id;
  // Reps work their own leads; managers and admins any lead they can see.
  const canWork = mine || (me !== null && me.role !== 'rep' && lead.ownerId !== null);
  const nextStatuses = leadStateMachine.nextStates(lead.status).filter((next): next is Exclude<LeadStatus, 'converted'> => next !== 'converted');
  const statusOptions = nextStatuses.map((next) => ({ name: STATUS_ACTIONS[next] ?? LEAD_STATUS_LABELS[next], value: next, danger: next === 'lost' }));
  const writeFollowUp = () =>
    Taro.navigateTo({ url: withQuery(ROUTES.followUpCreate, { type: 'lead', id: lead.id, name: lead.company ? `${lead.name}（${lead.company}）` : lead.name }) });

  return (
    <View className={`ws-page crm-page crm-page--with-bar lead-detail`} data-status={lead.status}>
      <View className='crm-hero'>
        <View className='crm-hero__title-row'>
          <Text className='crm-hero__title' id='lead-name'>
            {lead.name}
          </Text>
          <StatusTag tone={LEAD_STATUS_TONES[lead.status]} className='lead-detail__status'>
            {LEAD_STATUS_LABELS[lead.status]}
          </StatusTag>
        </View>
        {lead.company ? <Text className='crm-hero__sub'>{lead.company}</Text> : null}
        <View className='crm-hero__stats'>
          <HeroStat value={lead.ownerName ?? '待分配'} label='负责人' />
          <HeroStat value={lead.lastFollowUpAt ? formatRelative(lead.lastFollowUpAt) : '未跟进'} label='最近跟进' />
          <HeroStat value={lead.nextFollowUpAt ? formatRelative(lead.nextFollowUpAt) : '—'} label='下次跟进' />
        </View>
      </View>

      {lead.status === 'converted' && lead.customerId ? (
        <View
          className='lead-detail__converted'
          id='lead-open-customer'
          onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.customerDetail, { id: lead.customerId! }) })}
        >
          <Text>已转化为客户，查看客户详情</Text>
          <Text className='lead-detail__converted-arrow'>›</Text>
        </View>
      ) : null}

      <Section title='基本信息'>
        <View className='crm-fields'>
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>手机</Text>
            {lead.mobile ? (
              <Text className='crm-field-row__value lead-detail__mobile' onClick={() => Taro.makePhoneCall({ phoneNumber: lead.mobile! })}>
                {formatMobile(lead.mobile)}
              </Text>
            ) : (
              <Text className='crm-field-row__value'>—</Text>
            )}
          </View>
          <FieldRow label='公司'>{lead.company ?? '—'}</FieldRow>
          <FieldRow label='来源'>{LEAD_SOURCE_LABELS[lead.source]}</FieldRow>
          <FieldRow label='创建时间'>{formatDateTime(lead.createdAt)}</FieldRow>
          {lead.status === 'lost' && lead.lostReason ? <FieldRow label='流失原因'>{lead.lostReason}</FieldRow> : null}
          {lead.notes ? <FieldRow label='备注'>{lead.notes}</FieldRow> : null}
        </View>
      </Section>

      <FollowUpSection id='lead-follow-ups' items={followUps} onWrite={canWork && lead.status !== 'converted' ? writeFollowUp : undefined} />

      <View className='crm-actionbar'>
        {lead.status === 'converted' ? (
          <View className='crm-actionbar__item'>
            <Button
              type='primary'
              size='large'
              onClick={() => lead.customerId && Taro.navigateTo({ url: withQuery(ROUTES.customerDetail, { id: lead.customerId }) })}
            >
              查看客户
            </Button>
          </View>
        ) : canWork ? (
          <>
            <View className='crm-actionbar__item'>
              <Button id='lead-status' size='large' fill='outline' type='default' disabled={statusOptions.length === 0} onClick={() => setStatusSheet(true)}>
                更新状态
              </Button>
            </View>
            <View className='crm-actionbar__item'>
              <Button id='lead-follow-up' size='large' fill='outline' type='primary' onClick={writeFollowUp}>
                写跟进
              </Button>
            </View>
            {leadStateMachine.canTransition(lead.status, 'converted') ? (
              <View className='crm-actionbar__item'>
                <Button
                  id='lead-convert'
                  size='large'
                  type='primary'
                  onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.leadConvert, { id: lead.id }) })}
                >
                  转化为客户
                </Button>
              </View>
            ) : null}
          </>
        ) : (
          <View className='crm-actionbar__item'>
            <Button id='lead-claim' size='large' type='primary' loading={claiming} onClick={claim}>
              {lead.ownerId === null ? '领取线索' : '申请领取'}
            </Button>
          </View>
        )}
      </View>

      <ActionSheet
        visible={statusSheet}
        title='更新线索状态'
        options={statusOptions}
        cancelText='取消'
        onCancel={() => setStatusSheet(false)}
        onSelect={(option) => {
          setStatusSheet(false);
          const next = option.value as Exclude<LeadStatus, 'converted'>;
          if (next === 'lost') setLostSheet(true);
          else moveTo(next).catch(() => undefined);
        }}
      />
      <PromptSheet
        visible={lostSheet}
        className='lead-lost-sheet'
        title='标记为流失'
        description='流失的线索可以稍后重新激活'
        placeholder='流失原因，如：预算不足、已选其他供应商'
        required
        danger
        confirmText='确认流失'
        onCancel={() => setLostSheet(false)}
        onConfirm={async (reason) => {
          await moveTo('lost', reason);
          setLostSheet(false);
        }}
      />
      <PageToast />
    </View>
  );
}
