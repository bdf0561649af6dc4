import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Badge, Grid, Loading } from '@nutui/nutui-react-taro';
import { Filter, Internation, Order, UserAdd } from '@nutui/icons-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/grid/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import type { FollowUpDto, FollowUpSubject } from '@wesale/shared';
import { FOLLOW_UP_METHOD_LABELS } from '@wesale/shared/enums';
import { StateView } from '../../components/state-view';
import { StatusTag } from '../../components/status-tag';
import { useSalesStaff } from '../../hooks/use-staff';
import { ROUTES, withQuery } from '../../routes';
import { listApprovals } from '../../services/approvals';
import { isApprover, roleLabel } from '../../services/auth';
import { listDueFollowUps } from '../../services/follow-ups';
import { errorMessage } from '../../services/request';
import { dueLabel, formatDayTitle } from '../../utils/datetime';
import { switchTabWith } from '../../utils/tab-intent';
import './index.scss';

const SUBJECT_LABELS: Record<FollowUpSubject, string> = { lead: '线索', customer: '客户', opportunity: '商机' };
const SUBJECT_ROUTES: Record<FollowUpSubject, string> = {
  lead: ROUTES.leadDetail,
  customer: ROUTES.customerDetail,
  opportunity: ROUTES.opportunityDetail,
};

type LoadStatus = 'loading' | 'ready' | 'error';

function DueItem({ item }: { item: FollowUpDto }) {
  const due = dueLabel(item.nextFollowUpAt);
  return (
    <View
      className={`due-item${due.overdue ? ' due-item--overdue' : ''}`}
      data-subject={item.subjectType}
      onClick={() => Taro.navigateTo({ url: withQuery(SUBJECT_ROUTES[item.subjectType], { id: item.subjectId }) })}
    >
      <View className='due-item__head'>
        <StatusTag tone={item.subjectType === 'customer' ? 'primary' : item.subjectType === 'lead' ? 'info' : 'warning'}>
          {SUBJECT_LABELS[item.subjectType]}
        </StatusTag>
        <Text className='due-item__name'>{item.subjectName ?? '—'}</Text>
        <Text className='due-item__time'>{due.text}</Text>
      </View>
      <Text className='due-item__content'>
        上次{FOLLOW_UP_METHOD_LABELS[item.method]}：{item.content}
      </Text>
    </View>
  );
}

export default function HomeTab() {
  const me = useSalesStaff();
  const [due, setDue] = useState<FollowUpDto[]>([]);
  const [status, setStatus] = useState<LoadStatus>('loading');
  const [error, setError] = useState('');
  const [pendingApprovals, setPendingApprovals] = useState(0);

  const approver = isApprover(me);

  const load = useCallback(async () => {
    setError('');
    const approvals = approver
      ? listApprovals({ scope: 'todo', status: 'pending', limit: 100 })
          .then((page) => setPendingApprovals(page.data.length))
          .catch(() => setPendingApprovals(0))
      : Promise.resolve();
    try {
      setDue(await listDueFollowUps());
      setStatus('ready');
    } catch (err) {
      setError(errorMessage(err));
      setStatus('error');
    }
    await approvals;
  }, [approver]);

  // The first load waits for the signed-in user (the approvals count depends on the role) …
  const meId = me?.id;
  useEffect(() => {
    if (meId) load();
  }, [meId, load]);

  // … and every later show reloads: a follow-up written elsewhere changes what is due.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current && me) load();
    shown.current = true;
  });

  usePullDownRefresh(() => {
    load().finally(() => Taro.stopPullDownRefresh());
  });

  const overdue = due.filter((item) => dueLabel(item.nextFollowUpAt).overdue).length;

  return (
    <View className='ws-page crm-page workbench'>
      <View className='workbench__header'>
        <View className='workbench__user' id='current-user'>
          <Text className='workbench__greeting'>{me ? `你好，${me.displayName}` : '你好'}</Text>
          {me ? <Text className='workbench__role'>{roleLabel(me)}</Text> : null}
        </View>
        <Text className='workbench__date'>
          {formatDayTitle()}
          {me?.teamName ? ` · ${me.teamName}` : ''}
        </Text>
        <View className='workbench__stats'>
          <View className='workbench__stat'>
            <Text className='workbench__stat-value' id='due-count'>
              {status === 'ready' ? due.length : '–'}
            </Text>
            <Text className='workbench__stat-label'>今日待跟进</Text>
          </View>
          <View className='workbench__stat'>
            <Text className={`workbench__stat-value${overdue ? ' workbench__stat-value--alert' : ''}`}>{status === 'ready' ? overdue : '–'}</Text>
            <Text className='workbench__stat-label'>已逾期</Text>
          </View>
          {approver ? (
            <View className='workbench__stat' onClick={() => Taro.navigateTo({ url: ROUTES.approvals })}>
              <Text className='workbench__stat-value' id='pending-approvals'>
                {pendingApprovals}
              </Text>
              <Text className='workbench__stat-label'>待审批</Text>
            </View>
          ) : null}
        </View>
      </View>

      <View className='workbench__shortcuts'>
        <Grid columns={4} className='shortcut-grid'>
          <Grid.Item text='新建线索' className='shortcut shortcut--new-lead' onClick={() => Taro.navigateTo({ url: ROUTES.leadCreate })}>
            <UserAdd size={24} color='#1f6fe5' />
          </Grid.Item>
          <Grid.Item text='公海客户' className='shortcut shortcut--pool' onClick={() => switchTabWith(ROUTES.customers, { scope: 'pool' })}>
            <Internation size={24} color='#0f8a9d' />
          </Grid.Item>
          <Grid.Item text='销售漏斗' className='shortcut shortcut--funnel' onClick={() => Taro.navigateTo({ url: ROUTES.funnel })}>
            <Filter size={24} color='#b86a00' />
          </Grid.Item>
          <Grid.Item
            text={approver ? '审批' : '我的申请'}
            className='shortcut shortcut--approvals'
            onClick={() => Taro.navigateTo({ url: approver ? ROUTES.approvals : withQuery(ROUTES.approvals, { scope: 'mine' }) })}
          >
            {approver && pendingApprovals > 0 ? (
              <Badge value={pendingApprovals} max={99}>
                <Order size={24} color='#7a4fd6' />
              </Badge>
            ) : (
              <Order size={24} color='#7a4fd6' />
            )}
          </Grid.Item>
        </Grid>
      </View>

      <View className='crm-section due-section' id='due-follow-ups'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>今日待跟进</Text>
          {status === 'ready' && due.length ? <Text className='due-section__count'>{due.length} 项</Text> : null}
        </View>
        <View className='crm-section__body'>
          {status === 'loading' && due.length === 0 ? (
            <View className='crm-loading workbench__loading'>
              <Loading direction='vertical'>加载中…</Loading>
            </View>
          ) : null}
          {status === 'error' ? (
            <StateView kind='error' className='due-error' title='待跟进加载失败' description={error} actionText='重试' onAction={load} />
          ) : null}
          {status === 'ready' && due.length === 0 ? (
            <StateView className='due-empty' title='今天没有待跟进的事项' description='写跟进时设置“下次跟进”，到期的会出现在这里' />
          ) : null}
          {due.map((item) => (
            <DueItem key={item.id} item={item} />
          ))}
        </View>
      </View>
    </View>
  );
}
