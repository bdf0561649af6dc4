import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading, Tabs } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tabs/style/css';
import type { ApprovalDto, ApprovalStatus } from '@wesale/shared';
import { APPROVAL_KIND_LABELS, APPROVAL_STATUS_LABELS } from '@wesale/shared/enums';
import { ListFooter } from '../../../components/list-footer';
import { PageToast, showError, showToast } from '../../../components/page-toast';
import { PromptSheet } from '../../../components/prompt-sheet';
import { StateView } from '../../../components/state-view';
import { StatusTag } from '../../../components/status-tag';
import { usePagedList } from '../../../hooks/use-paged-list';
import { useSalesStaff } from '../../../hooks/use-staff';
import { ROUTES, withQuery } from '../../../routes';
import { approve, cancelApproval, listApprovals, reject } from '../../../services/approvals';
import { isApprover } from '../../../services/auth';
import { formatRelative } from '../../../utils/datetime';
import type { TagTone } from '../../../utils/labels';
import './index.scss';

const STATUS_TONES: Record<ApprovalStatus, TagTone> = { pending: 'warning', approved: 'success', rejected: 'danger', cancelled: 'default' };

type Filter = 'pending' | 'all';
type Decision = { approval: ApprovalDto; kind: 'approve' | 'reject' };

const SUBJECT_ROUTES: Record<string, string> = {
  customer: ROUTES.customerDetail,
  lead: ROUTES.leadDetail,
  opportunity: ROUTES.opportunityDetail,
  quote: ROUTES.quoteDetail,
  contract: ROUTES.contractDetail,
  order: ROUTES.orderDetail,
};

interface CardProps {
  approval: ApprovalDto;
  decider: boolean;
  onDecide: (decision: Decision) => void;
  onCancel: (approval: ApprovalDto) => void;
}

function ApprovalCard({ approval, decider, onDecide, onCancel }: CardProps) {
  const route = SUBJECT_ROUTES[approval.subjectType];
  return (
    <View className={`crm-card approval-card approval-card--${approval.status}`} data-id={approval.id}>
      <View className='crm-card__head'>
        <Text className='approval-card__kind'>{APPROVAL_KIND_LABELS[approval.kind] ?? approval.kind}</Text>
        <StatusTag tone={STATUS_TONES[approval.status]} className='approval-card__status'>
          {APPROVAL_STATUS_LABELS[approval.status]}
        </StatusTag>
      </View>
      <Text
        className={`approval-card__subject${route ? ' approval-card__subject--link' : ''}`}
        onClick={() => route && Taro.navigateTo({ url: withQuery(route, { id: approval.subjectId }) })}
      >
        {approval.subjectTitle}
        {route ? ' ›' : ''}
      </Text>
      <View className='crm-card__meta'>
        <Text className='crm-card__meta-item'>申请人 {approval.requestedByName ?? '—'}</Text>
        <Text className='crm-card__meta-item'>{formatRelative(approval.createdAt)}</Text>
      </View>
      {approval.reason ? <Text className='approval-card__reason'>理由：{approval.reason}</Text> : null}
      {approval.status !== 'pending' && approval.decidedAt ? (
        <Text className='approval-card__decision'>
          {formatRelative(approval.decidedAt)} {APPROVAL_STATUS_LABELS[approval.status]}
          {approval.decisionComment ? `：${approval.decisionComment}` : ''}
        </Text>
      ) : null}
      {approval.status === 'pending' && decider ? (
        <View className='approval-card__actions'>
          <Button className='approval-card__reject' size='small' fill='outline' type='default' onClick={() => onDecide({ approval, kind: 'reject' })}>
            驳回
          </Button>
          <Button className='approval-card__approve' size='small' type='primary' onClick={() => onDecide({ approval, kind: 'approve' })}>
            通过
          </Button>
        </View>
      ) : null}
      {approval.status === 'pending' && !decider ? (
        <View className='approval-card__actions'>
          <Button className='approval-card__cancel' size='small' fill='outline' type='default' onClick={() => onCancel(approval)}>
            撤回申请
          </Button>
        </View>
      ) : null}
    </View>
  );
}

export default function ApprovalsPage() {
  const me = useSalesStaff();
  const requestedScope = useRouter().params.scope;
  // Approvers see their team's requests; everyone else (and ?scope=mine) their own.
  const scope: 'todo' | 'mine' = requestedScope === 'mine' || (me !== null && !isApprover(me)) ? 'mine' : 'todo';
  const decider = scope === 'todo';
  const [filter, setFilter] = useState<Filter>('pending');
  const [decision, setDecision] = useState<Decision | null>(null);
  const [overrides, setOverrides] = useState<Record<string, ApprovalDto>>({});

  const list = usePagedList(
    JSON.stringify([scope, filter]),
    (cursor) => listApprovals({ scope, status: filter === 'pending' ? 'pending' : undefined, cursor }),
    me !== null,
  );

  usePullDownRefresh(() => {
    setOverrides({});
    list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    list.loadMore();
  });

  // A decided card stays in place (with its new status) until the next reload.
  const items = list.items.map((approval) => overrides[approval.id] ?? approval);
  const replace = (fresh: ApprovalDto) => setOverrides((previous) => ({ ...previous, [fresh.id]: fresh }));

  const cancel = async (approval: ApprovalDto) => {
    try {
      replace(await cancelApproval(approval.id));
      showToast('已撤回', 'success');
    } catch (err) {
      showError(err);
    }
  };

  useEffect(() => {
    if (scope === 'mine') Taro.setNavigationBarTitle({ title: '我的申请' });
  }, [scope]);

  return (
    <View className='ws-page crm-page approvals-page' data-scope={scope}>
      <View className='crm-toolbar'>
        <Tabs className='crm-tabs approval-filter' value={filter} onChange={(value) => setFilter(value as Filter)}>
          <Tabs.TabPane title={decider ? '待审批' : '审批中'} value='pending' />
          <Tabs.TabPane title='全部' value='all' />
        </Tabs>
      </View>

      {list.status === 'loading' && list.items.length === 0 ? (
        <View className='crm-loading'>
          <Loading direction='vertical'>加载中…</Loading>
        </View>
      ) : null}

      {list.status === 'error' ? (
        <StateView kind='error' className='approval-list-error' title='审批加载失败' description={list.error} actionText='重试' onAction={list.reload} />
      ) : null}

      {list.status === 'ready' && list.items.length === 0 ? (
        <StateView
          className='approval-list-empty'
          title={filter === 'pending' ? (decider ? '没有待审批的申请' : '没有审批中的申请') : '暂无审批记录'}
          description={
            decider ? '团队的领取申请、超权限报价、合同和需审核的订单会出现在这里' : '领取申请、报价、合同和订单的审批进度可以在这里查看'
          }
        />
      ) : null}

      {list.status !== 'error' && items.length > 0 ? (
        <View className={`crm-list approval-list${list.status === 'loading' ? ' crm-list--stale' : ''}`}>
          {items.map((approval) => (
            <ApprovalCard key={approval.id} approval={approval} decider={decider} onDecide={setDecision} onCancel={cancel} />
          ))}
          {list.status === 'loading' ? null : (
            <ListFooter hasMore={list.nextCursor !== null} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} />
          )}
        </View>
      ) : null}

      <PromptSheet
        visible={decision !== null}
        className='approval-decision-sheet'
        title={decision?.kind === 'reject' ? '驳回申请' : '通过申请'}
        description={decision ? `${APPROVAL_KIND_LABELS[decision.approval.kind] ?? ''}「${decision.approval.subjectTitle}」，申请人 ${decision.approval.requestedByName ?? '—'}` : ''}
        placeholder={decision?.kind === 'reject' ? '驳回理由（选填），申请人可以看到' : '审批意见（选填）'}
        confirmText={decision?.kind === 'reject' ? '确认驳回' : '确认通过'}
        danger={decision?.kind === 'reject'}
        onCancel={() => setDecision(null)}
        onConfirm={async (comment) => {
          if (!decision) return;
          try {
            const fresh = await (decision.kind === 'approve' ? approve : reject)(decision.approval.id, comment || undefined);
            replace(fresh);
            setDecision(null);
            showToast(decision.kind === 'approve' ? '已通过' : '已驳回', 'success');
          } catch (err) {
            showError(err);
            throw err;
          }
        }}
      />
      <PageToast />
    </View>
  );
}
