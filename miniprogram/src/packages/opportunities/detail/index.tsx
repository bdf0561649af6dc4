import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input, Loading, Popup, Radio, Step, Steps, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/radiogroup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/step/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/steps/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import type { FollowUpDto, OpportunityDetailDto, StageDto } from '@wesale/shared';
import { OPPORTUNITY_STATUS_LABELS } from '@wesale/shared/enums';
import { formatYuan } from '@wesale/shared/money';
import { FollowUpList } from '../../../components/follow-up-list';
import { PageToast, showError, showToast } from '../../../components/page-toast';
import { StateView } from '../../../components/state-view';
import { StatusTag } from '../../../components/status-tag';
import { useSalesStaff } from '../../../hooks/use-staff';
import { ROUTES, withQuery } from '../../../routes';
import { listFollowUps } from '../../../services/follow-ups';
import { getOpportunity, listStageTemplates, moveOpportunityStage } from '../../../services/opportunities';
import { errorMessage, isApiError } from '../../../services/request';
import { formatDateTime, formatRelative } from '../../../utils/datetime';
import { takeFlash } from '../../../utils/flash';
import { OPPORTUNITY_STATUS_TONES, stageTone } from '../../../utils/labels';
import './index.scss';

type LoadStatus = 'loading' | 'ready' | 'error';

interface MoveSheetProps {
  visible: boolean;
  stages: StageDto[];
  currentStageId: string;
  onClose: () => void;
  onMove: (move: { stageId: string; note?: string; closeReason?: string; competitor?: string }) => Promise<void>;
}

/** Pick the next stage; a lost stage asks for the reason (输单原因), a won one may record why. */
function MoveStageSheet({ visible, stages, currentStageId, onClose, onMove }: MoveSheetProps) {
  const [stageId, setStageId] = useState('');
  const [note, setNote] = useState('');
  const [closeReason, setCloseReason] = useState('');
  const [competitor, setCompetitor] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!visible) return;
    // Preselect the stage after the current one: the usual move.
    const index = stages.findIndex((stage) => stage.id === currentStageId);
    const following = stages.slice(index + 1).find((stage) => stage.kind === 'open') ?? stages.find((stage) => stage.kind === 'won');
    setStageId(following?.id ?? '');
    setNote('');
    setCloseReason('');
    setCompetitor('');
  }, [visible, stages, currentStageId]);

  const target = stages.find((stage) => stage.id === stageId);
  const needsReason = target?.kind === 'lost';
  const closing = target?.kind === 'won' || target?.kind === 'lost';

  const save = async () => {
    if (saving || !target) return;
    setSaving(true);
    try {
      await onMove({
        stageId: target.id,
        note: note.trim() || undefined,
        closeReason: closing ? closeReason.trim() || undefined : undefined,
        competitor: closing ? competitor.trim() || undefined : undefined,
      });
    } catch {
      // Shown as a toast by the caller; the sheet stays for another try.
    } finally {
      setSaving(false);
    }
  };

  return (
    <Popup visible={visible} position='bottom' round closeable title='推进阶段' onClose={onClose} className='move-stage-sheet'>
      <View className='crm-sheet move-stage-sheet__body'>
        <Radio.Group className='move-stage-sheet__stages' value={stageId} onChange={(value) => setStageId(String(value))}>
          {stages.map((stage) => (
            <Radio
              key={stage.id}
              value={stage.id}
              disabled={stage.id === currentStageId}
              className={`move-stage-option move-stage-option--${stage.kind}`}
            >
              <View className='move-stage-option__label'>
                <Text className='move-stage-option__name'>{stage.name}</Text>
                <Text className='move-stage-option__probability'>
                  {stage.id === currentStageId ? '当前阶段' : `赢率 ${stage.probability}%`}
                </Text>
              </View>
            </Radio>
          ))}
        </Radio.Group>
        {closing ? (
          <View className='crm-form move-stage-sheet__form'>
            <View className='crm-form__field'>
              <Text className={`crm-form__label${needsReason ? ' crm-form__label--required' : ''}`}>{needsReason ? '输单原因' : '赢单原因'}</Text>
              <Input
                id='move-stage-reason'
                value={closeReason}
                placeholder={needsReason ? '如：价格高于竞品' : '选填'}
                maxLength={200}
                onChange={setCloseReason}
              />
            </View>
            <View className='crm-form__field'>
              <Text className='crm-form__label'>竞争对手</Text>
              <Input id='move-stage-competitor' value={competitor} placeholder='选填' maxLength={120} onChange={setCompetitor} />
            </View>
          </View>
        ) : null}
        <TextArea
          id='move-stage-note'
          className='move-stage-sheet__note'
          value={note}
          placeholder='备注（选填）：推进的依据、客户反馈'
          maxLength={500}
          rows={2}
          onChange={setNote}
        />
        <View className='crm-sheet__actions'>
          <Button
            id='move-stage-submit'
            type={needsReason ? 'danger' : 'primary'}
            size='large'
            loading={saving}
            disabled={!target || (needsReason && !closeReason.trim())}
            onClick={save}
          >
            {target ? `移到「${target.name}」` : '选择阶段'}
          </Button>
        </View>
      </View>
    </Popup>
  );
}

export default function OpportunityDetailPage() {
  const { id = '' } = useRouter().params;
  useSalesStaff();
  const [opportunity, setOpportunity] = useState<OpportunityDetailDto | null>(null);
  const [stages, setStages] = useState<StageDto[]>([]);
  const [followUps, setFollowUps] = useState<FollowUpDto[]>([]);
  const [status, setStatus] = useState<LoadStatus>('loading');
  const [error, setError] = useState('');
  const [moving, setMoving] = useState(false);
  const shown = useRef(false);

  const load = useCallback(async () => {
    try {
      const [fresh, templates, records] = await Promise.all([getOpportunity(id), listStageTemplates(), listFollowUps('opportunity', id)]);
      setOpportunity(fresh);
      setStages(templates.find((template) => template.id === fresh.templateId)?.stages ?? []);
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

  if (status !== 'ready' || !opportunity) {
    return (
      <View className='ws-page crm-page opportunity-detail'>
        {status === 'loading' ? (
          <View className='crm-loading'>
            <Loading direction='vertical'>加载中…</Loading>
          </View>
        ) : (
          <StateView kind='error' title='商机加载失败' description={error} actionText='重试' onAction={load} />
        )}
        <PageToast />
      </View>
    );
  }

  const openStages = stages.filter((stage) => stage.kind === 'open');
  const wonStage = stages.find((stage) => stage.kind === 'won');
  const track = wonStage ? [...openStages, wonStage] : openStages;
  const currentIndex = track.findIndex((stage) => stage.id === opportunity.stageId);
  // Lost: the track stops where it was lost from, shown by the status tag instead.
  const stepValue = opportunity.status === 'won' ? track.length + 1 : currentIndex >= 0 ? currentIndex + 1 : 0;
  const closed = opportunity.status !== 'open';
  const writeFollowUp = () =>
    Taro.navigateTo({ url: withQuery(ROUTES.followUpCreate, { type: 'opportunity', id: opportunity.id, name: opportunity.name }) });

  return (
    <View className='ws-page crm-page crm-page--with-bar opportunity-detail' data-status={opportunity.status}>
      <View className='crm-hero'>
        <View className='crm-hero__title-row'>
          <Text className='crm-hero__title' id='opportunity-name'>
            {opportunity.name}
          </Text>
          <StatusTag tone={stageTone(opportunity.stageKind)} className='opportunity-detail__stage'>
            {opportunity.stageName}
          </StatusTag>
          {/* A closed deal usually sits on a stage named like its status (赢单/输单); say it once. */}
          {closed && opportunity.stageName !== OPPORTUNITY_STATUS_LABELS[opportunity.status] ? (
            <StatusTag tone={OPPORTUNITY_STATUS_TONES[opportunity.status]}>{OPPORTUNITY_STATUS_LABELS[opportunity.status]}</StatusTag>
          ) : null}
        </View>
        {opportunity.customerName ? (
          <Text
            className='crm-hero__sub opportunity-detail__customer'
            onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.customerDetail, { id: opportunity.customerId }) })}
          >
            {opportunity.customerName} ›
          </Text>
        ) : null}
        <View className='crm-hero__stats'>
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value' id='opportunity-amount'>
              {formatYuan(opportunity.amountFen)}
            </Text>
            <Text className='crm-hero__stat-label'>预计金额</Text>
          </View>
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value'>{formatYuan(opportunity.weightedAmountFen)}</Text>
            <Text className='crm-hero__stat-label'>加权金额</Text>
          </View>
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value' id='opportunity-probability'>
              {opportunity.probability}%
            </Text>
            <Text className='crm-hero__stat-label'>赢率</Text>
          </View>
        </View>
      </View>

      {track.length ? (
        <View className='crm-section opportunity-detail__track'>
          <Steps value={stepValue} status='dynamic' layout='double' type='dot' className='stage-steps'>
            {track.map((stage, index) => (
              <Step key={stage.id} value={index + 1} title={stage.name} />
            ))}
          </Steps>
          {opportunity.status === 'lost' ? (
            <Text className='opportunity-detail__lost'>
              已输单{opportunity.closeReason ? `：${opportunity.closeReason}` : ''}
            </Text>
          ) : null}
        </View>
      ) : null}

      <View className='crm-section'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>商机信息</Text>
        </View>
        <View className='crm-fields'>
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>负责人</Text>
            <Text className='crm-field-row__value'>{opportunity.ownerName ?? '—'}</Text>
          </View>
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>预计成交</Text>
            <Text className='crm-field-row__value'>{opportunity.expectedCloseDate ?? '—'}</Text>
          </View>
          {opportunity.members.length ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>协作成员</Text>
              <Text className='crm-field-row__value'>{opportunity.members.map((member) => member.name ?? '—').join('、')}</Text>
            </View>
          ) : null}
          {opportunity.description ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>描述</Text>
              <Text className='crm-field-row__value'>{opportunity.description}</Text>
            </View>
          ) : null}
          {closed && opportunity.closeReason ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>{opportunity.status === 'won' ? '赢单原因' : '输单原因'}</Text>
              <Text className='crm-field-row__value'>{opportunity.closeReason}</Text>
            </View>
          ) : null}
          {closed && opportunity.competitor ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>竞争对手</Text>
              <Text className='crm-field-row__value'>{opportunity.competitor}</Text>
            </View>
          ) : null}
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>创建时间</Text>
            <Text className='crm-field-row__value'>{formatDateTime(opportunity.createdAt)}</Text>
          </View>
        </View>
      </View>

      <View className='crm-section' id='stage-history'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>阶段记录</Text>
        </View>
        <View className='crm-section__body'>
          {opportunity.history.length === 0 ? <Text className='crm-section__empty'>暂无阶段变更</Text> : null}
          {opportunity.history.map((change, index) => (
            <View
              key={change.id}
              className={`crm-timeline__item stage-change${index === opportunity.history.length - 1 ? ' crm-timeline__item--accent' : ''}`}
            >
              <Text className='crm-timeline__summary stage-change__summary'>
                {change.fromStageName ? `${change.fromStageName} → ${change.toStageName}` : `创建于「${change.toStageName}」`}
              </Text>
              {change.note ? <Text className='stage-change__note'>{change.note}</Text> : null}
              <Text className='crm-timeline__meta'>
                {change.actorName ?? '—'} · {formatRelative(change.createdAt)}
              </Text>
            </View>
          ))}
        </View>
      </View>

      <View className='crm-section' id='opportunity-follow-ups'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>跟进记录</Text>
          <Text className='crm-section__link' onClick={writeFollowUp}>
            写跟进
          </Text>
        </View>
        <View className='crm-section__body'>
          <FollowUpList items={followUps} />
        </View>
      </View>

      <View className='crm-actionbar'>
        <View className='crm-actionbar__item'>
          <Button id='opportunity-follow-up' size='large' fill='outline' type='primary' onClick={writeFollowUp}>
            写跟进
          </Button>
        </View>
        {closed ? null : (
          <View className='crm-actionbar__item'>
            <Button id='move-stage' size='large' type='primary' disabled={stages.length === 0} onClick={() => setMoving(true)}>
              推进阶段
            </Button>
          </View>
        )}
      </View>

      <MoveStageSheet
        visible={moving}
        stages={stages}
        currentStageId={opportunity.stageId}
        onClose={() => setMoving(false)}
        onMove={async (move) => {
          try {
            const fresh = await moveOpportunityStage(opportunity.id, move);
            setOpportunity(fresh);
            setMoving(false);
            showToast(fresh.status === 'won' ? '恭喜赢单！' : `已移到「${fresh.stageName}」`, 'success');
          } catch (err) {
            showError(err);
            // 409: it changed meanwhile (e.g. closed by a colleague); the choices offered no longer hold.
            if (isApiError(err) && err.status === 409) {
              setMoving(false);
              load();
              return;
            }
            throw err;
          }
        }}
      />
      <PageToast />
    </View>
  );
}
