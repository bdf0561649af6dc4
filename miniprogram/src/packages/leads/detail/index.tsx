import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ActionSheet, Button, Loading } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/actionsheet/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import type { FollowUpDto, Lead, LeadStatus } from '@wesale/shared';
import { LEAD_SOURCE_LABELS, LEAD_STATUS_LABELS } from '@wesale/shared/enums';
import { leadStateMachine } from '@wesale/shared/state-machines';
import { FollowUpList } from '../../../components/follow-up-list';
import { PageToast, showError, showToast } from '../../../components/page-toast';
import { PromptSheet } from '../../../components/prompt-sheet';
import { StateView } from '../../../components/state-view';
import { StatusTag } from '../../../components/status-tag';
import { useSalesStaff } from '../../../hooks/use-staff';
import { ROUTES, withQuery } from '../../../routes';
import { listFollowUps } from '../../../services/follow-ups';
import { changeLeadStatus, claimLead, getLead } from '../../../services/leads';
import { errorMessage } from '../../../services/request';
import { formatDateTime, formatRelative } from '../../../utils/datetime';
import { takeFlash } from '../../../utils/flash';
import { formatMobile, LEAD_STATUS_TONES } from '../../../utils/labels';
import './index.scss';

// `converted` is reached only through 转化为客户. The server decides in the end (409 otherwise).


const STATUS_ACTIONS: Partial<Record<LeadStatus, string>> = {
  contacted: '标记为已联系',
  qualified: '标记为已确认（有意向）',
  lost: '标记为流失',
  new: '重新激活',
};

type LoadStatus = 'loading' | 'ready' | 'error';

export default function LeadDetailPage() {
  const { id = '' } = useRouter().params;
  const me = useSalesStaff();
  const [lead, setLead] = useState<Lead | null>(null);
  const [followUps, setFollowUps] = useState<FollowUpDto[]>([]);
  const [status, setStatus] = useState<LoadStatus>('loading');
  const [error, setError] = useState('');
  const [statusSheet, setStatusSheet] = useState(false);
  const [lostSheet, setLostSheet] = useState(false);
  const [claiming, setClaiming] = useState(false);
  const shown = useRef(false);

  const load = useCallback(async () => {
    try {
      const [fresh, records] = await Promise.all([getLead(id), listFollowUps('lead', id)]);
      setLead(fresh);
      setFollowUps(records.data);
      setStatus('ready');
    } catch (err) {
      setError(errorMessage(err));
      setStatus('error');
    }
  }, [id]);

  useEffect(() => {
    load();
  }, [load]);

  useDidShow(() => {
    const flash = takeFlash();
    if (flash) showToast(flash, 'success');
    if (shown.current) load();
    shown.current = true;
  });

  const moveTo = async (next: Exclude<LeadStatus, 'converted'>, lostReason?: string) => {
    try {
      setLead(await changeLeadStatus(id, next, lostReason));
      showToast(`已${next === 'new' ? '重新激活' : `标记为${LEAD_STATUS_LABELS[next]}`}`, 'success');
    } catch (err) {
      showError(err);
      throw err;
    }
  };

  const claim = async () => {
    if (claiming) return;
    setClaiming(true);
    try {
      const result = await claimLead(id);
      if (result.status === 'claimed') {
        setLead(result.lead);
        showToast('领取成功，已成为你的线索', 'success');
      } else {
        showToast('已提交领取申请，等待经理审批', 'success');
      }
    } catch (err) {
      showError(err);
    } finally {
      setClaiming(false);
    }
  };

  if (status !== 'ready' || !lead) {
    return (
      <View className='ws-page crm-page lead-detail'>
        {status === 'loading' ? (
          <View className='crm-loading'>
            <Loading direction='vertical'>加载中…</Loading>
          </View>
        ) : (
          <StateView kind='error' title='线索加载失败' description={error} actionText='重试' onAction={load} />
        )}
        <PageToast />
      </View>
    );
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
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value'>{lead.ownerName ?? '待分配'}</Text>
            <Text className='crm-hero__stat-label'>负责人</Text>
          </View>
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value'>{lead.lastFollowUpAt ? formatRelative(lead.lastFollowUpAt) : '未跟进'}</Text>
            <Text className='crm-hero__stat-label'>最近跟进</Text>
          </View>
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value'>{lead.nextFollowUpAt ? formatRelative(lead.nextFollowUpAt) : '—'}</Text>
            <Text className='crm-hero__stat-label'>下次跟进</Text>
          </View>
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

      <View className='crm-section'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>基本信息</Text>
        </View>
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
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>公司</Text>
            <Text className='crm-field-row__value'>{lead.company ?? '—'}</Text>
          </View>
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>来源</Text>
            <Text className='crm-field-row__value'>{LEAD_SOURCE_LABELS[lead.source]}</Text>
          </View>
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>创建时间</Text>
            <Text className='crm-field-row__value'>{formatDateTime(lead.createdAt)}</Text>
          </View>
          {lead.status === 'lost' && lead.lostReason ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>流失原因</Text>
              <Text className='crm-field-row__value'>{lead.lostReason}</Text>
            </View>
          ) : null}
          {lead.notes ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>备注</Text>
              <Text className='crm-field-row__value'>{lead.notes}</Text>
            </View>
          ) : null}
        </View>
      </View>

      <View className='crm-section' id='lead-follow-ups'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>跟进记录</Text>
          {canWork && lead.status !== 'converted' ? (
            <Text className='crm-section__link' onClick={writeFollowUp}>
              写跟进
            </Text>
          ) : null}
        </View>
        <View className='crm-section__body'>
          <FollowUpList items={followUps} />
        </View>
      </View>

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
