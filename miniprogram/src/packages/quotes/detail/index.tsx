import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { QuoteStatus } from '@wesale/shared';
import { QUOTE_STATUS_LABELS } from '@wesale/shared/enums';
import { formatYuan } from '@wesale/shared/money';
import { quoteStateMachine } from '@wesale/shared/state-machines';
import { ActionBar, type ActionBarButton } from '../../../components/action-bar';
import { DocumentHero } from '../../../components/document-hero';
import { DocumentPage } from '../../../components/document-page';
import { approvalButtons, DocumentActionSheet, type DocumentSheetConfig } from '../../../components/document-action-sheet';
import { DocumentInfoSection, DocumentLinesSection, DocumentPageLoading } from '../../../components/document-sections';
import { FieldRows, Section } from '../../../components/section';
import { StatusTimeline } from '../../../components/status-timeline';
import { StatusTag } from '../../../components/status-tag';
import { useDocumentDetail } from '../../../hooks/use-document-detail';
import { ROUTES, withQuery } from '../../../routes';
import { isApprover } from '../../../services/auth';
import { acceptQuote, declineQuote, getQuote, isStaffQuote, quoteAction, type AnyQuote } from '../../../services/quotes';
import { formatMobile, QUOTE_STATUS_TONES } from '../../../utils/labels';

type SheetKind = 'accept' | 'decline' | 'approve' | 'reject';

const SHEETS: Record<SheetKind, DocumentSheetConfig> = {
  accept: { title: '接受报价', description: '接受后，销售顾问会按此报价为您准备合同。', confirmText: '确认接受', input: false, done: '已接受报价' },
  decline: { title: '拒绝报价', description: '可以告诉销售顾问原因，方便重新报价。', placeholder: '拒绝原因（选填）', confirmText: '确认拒绝', danger: true, input: true, done: '已拒绝报价' },
  approve: { title: '通过报价', description: '通过后销售可以把报价发给客户。', placeholder: '审批意见（选填）', confirmText: '确认通过', input: true, done: '已通过' },
  reject: { title: '驳回报价', description: '报价退回草稿，销售修改后可以再次提交。', placeholder: '驳回理由（选填），销售可以看到', confirmText: '确认驳回', danger: true, input: true, done: '已驳回' },
};

const can = (from: QuoteStatus, to: QuoteStatus) => quoteStateMachine.canTransition(from, to);

function versionsOf(quote: AnyQuote) {
  return quote.versions
    .slice()
    .reverse()
    .map((version) => ({
      key: version.id,
      title: `V${version.version} · ${QUOTE_STATUS_LABELS[version.status]} · ${formatYuan(version.totalFen)}`,
      at: version.createdAt,
      meta: version.id === quote.id ? '当前查看' : '点击查看',
      accent: version.id === quote.id,
      onClick: version.id === quote.id ? undefined : () => Taro.redirectTo({ url: withQuery(ROUTES.quoteDetail, { id: version.id }) }),
    }));
}

/** 报价单 detail: lines, totals with 大写, validity, terms and versions; the customer accepts or declines, staff move it along. */
export default function QuoteDetailPage() {
  // Reload when shown again: back from editing the draft.
  const { me, document: quote, busy, sheet, setSheet, act: run } = useDocumentDetail<AnyQuote, SheetKind>(getQuote, { reloadOnShow: true });

  const doc = quote.doc;
  if (!doc) return <DocumentPageLoading className='quote-detail' document={quote} errorTitle='报价单加载失败' />;

  const staff = isStaffQuote(doc) ? doc : null;
  const latest = staff ? staff.isLatest : true;
  const act = (name: string, action: () => Promise<AnyQuote>, done: string) =>
    run(name, action, done, (fresh) => {
      if (fresh.id === doc.id) return false;
      // 修订 makes a new draft version: edit it.
      Taro.redirectTo({ url: withQuery(ROUTES.quoteEdit, { id: fresh.id }) });
      return true;
    });

  const buttons: ActionBarButton[] = [];
  if (!staff && can(doc.status, 'accepted')) {
    buttons.push({ id: 'quote-decline', text: '拒绝', kind: 'secondary', onClick: () => setSheet('decline') });
    buttons.push({ id: 'quote-accept', text: '接受报价', onClick: () => setSheet('accept') });
  }
  if (staff && latest) {
    if (doc.status === 'draft') {
      buttons.push({ id: 'quote-edit', text: '编辑', kind: 'secondary', onClick: () => Taro.navigateTo({ url: withQuery(ROUTES.quoteEdit, { id: doc.id }) }) });
      buttons.push({
        id: 'quote-submit',
        text: staff.needsApproval ? '提交审批' : '提交',
        loading: busy === 'submit',
        onClick: () => act('submit', () => quoteAction(doc.id, 'submit'), staff.needsApproval ? '已提交，等待经理审批' : '已提交，可以发送给客户'),
      });
    }
    if (doc.status === 'pending_approval' && isApprover(me)) buttons.push(...approvalButtons('quote', setSheet));
    if (can(doc.status, 'sent')) {
      buttons.push({ id: 'quote-send', text: '发送给客户', loading: busy === 'send', onClick: () => act('send', () => quoteAction(doc.id, 'send'), '已发送给客户') });
    }
    if (doc.status !== 'draft' && can(doc.status, 'superseded')) {
      buttons.unshift({ id: 'quote-revise', text: '修订报价', kind: 'secondary', loading: busy === 'revise', onClick: () => act('revise', () => quoteAction(doc.id, 'revise'), '已生成新版本') });
    }
  }

  return (
    <DocumentPage className={`quote-detail${buttons.length ? ' crm-page--with-bar' : ''}`} status={doc.status}>
      <DocumentHero
        title={staff ? doc.customerName : `报价单 V${doc.version}`}
        number={`${doc.number} · V${doc.version}`}
        statusLabel={QUOTE_STATUS_LABELS[doc.status]}
        tone={QUOTE_STATUS_TONES[doc.status]}
        sub={staff ? `负责人 ${staff.ownerName ?? '—'}` : doc.customerName}
        totalFen={doc.totals.totalFen}
        totalLabel='报价总额'
        stats={[{ label: '有效期至', value: doc.validUntil }]}
      />

      {staff && staff.approvalReasons.length && (doc.status === 'draft' || doc.status === 'pending_approval') ? (
        <View className='document-alert quote-approval-reasons'>
          <StatusTag tone='warning'>需经理审批</StatusTag>
          {staff.approvalReasons.map((reason) => (
            <Text key={reason} className='document-alert__text'>
              {reason}
            </Text>
          ))}
        </View>
      ) : null}

      {doc.responseNote ? (
        <View className='document-alert quote-response'>
          <Text className='document-alert__text'>
            客户{doc.status === 'declined' ? '拒绝' : '回复'}：{doc.responseNote}
          </Text>
        </View>
      ) : null}

      <DocumentLinesSection prefix='quote' title='报价明细' lines={doc.lines} totals={doc.totals} totalLabel='报价总额' />

      {staff?.margin ? (
        <Section title='毛利' id='quote-margin'>
          <FieldRows
            rows={[
              ['成本', formatYuan(staff.margin.costFen)],
              ['毛利', `${formatYuan(staff.margin.marginFen)}${staff.margin.marginBp === null ? '' : `（${(staff.margin.marginBp / 100).toFixed(1)}%）`}`],
            ]}
          />
        </Section>
      ) : null}

      <DocumentInfoSection
        prefix='quote'
        title='报价信息'
        rows={[
          ['客户', doc.customerName],
          ['联系人', doc.contactName],
          ['联系电话', doc.contactMobile ? formatMobile(doc.contactMobile) : null],
          ['有效期至', doc.validUntil],
          ['备注', doc.remarks],
        ]}
        terms={doc.terms}
      />

      <Section title='版本记录' id='quote-versions'>
        <StatusTimeline items={versionsOf(doc)} />
      </Section>

      <ActionBar buttons={buttons} />

      <DocumentActionSheet
        prefix='quote'
        sheets={SHEETS}
        sheet={sheet}
        onClose={() => setSheet(null)}
        document={quote}
        perform={(current, text) =>
          current === 'accept' ? acceptQuote(doc.id) : current === 'decline' ? declineQuote(doc.id, text) : quoteAction(doc.id, current, text)
        }
      />
    </DocumentPage>
  );
}
