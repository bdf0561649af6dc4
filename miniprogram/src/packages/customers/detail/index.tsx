import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Input, Loading, Popup } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import type { ContactDto, CustomerDto, OpportunityDto, TimelineEventDto, TimelineKind } from '@wesale/shared';
import { LEAD_SOURCE_LABELS } from '@wesale/shared/enums';
import { formatYuan } from '@wesale/shared/money';
import { ListFooter } from '../../../components/list-footer';
import { PageToast, showError, showToast } from '../../../components/page-toast';
import { PromptSheet } from '../../../components/prompt-sheet';
import { StateView } from '../../../components/state-view';
import { StatusTag } from '../../../components/status-tag';
import { usePagedList } from '../../../hooks/use-paged-list';
import { useSalesStaff } from '../../../hooks/use-staff';
import { ROUTES, withQuery } from '../../../routes';
import { addContact, claimCustomer, getCustomer, listContacts, listTimeline, releaseCustomer } from '../../../services/customers';
import { listOpportunities } from '../../../services/opportunities';
import { errorMessage } from '../../../services/request';
import { formatRelative } from '../../../utils/datetime';
import { takeFlash } from '../../../utils/flash';
import { formatMobile, stageTone } from '../../../utils/labels';
import './index.scss';

type LoadStatus = 'loading' | 'ready' | 'error';

// Events that change who owns the customer stand out on the timeline.
const ACCENT_KINDS: TimelineKind[] = ['follow_up', 'claimed', 'released', 'returned_to_pool', 'owner_assigned', 'converted_from_lead'];

function TimelineItem({ event }: { event: TimelineEventDto }) {
  return (
    <View
      className={`crm-timeline__item timeline-item timeline-item--${event.kind}${ACCENT_KINDS.includes(event.kind) ? ' crm-timeline__item--accent' : ''}`}
    >
      <Text className='crm-timeline__summary timeline-item__summary'>{event.summary}</Text>
      <Text className='crm-timeline__meta timeline-item__meta'>
        {event.actorName ?? '系统'} · {formatRelative(event.createdAt)}
      </Text>
    </View>
  );
}

function ContactRow({ contact }: { contact: ContactDto }) {
  return (
    <View className='contact-row' data-id={contact.id}>
      <View className='contact-row__avatar'>
        <Text>{contact.name.slice(0, 1)}</Text>
      </View>
      <View className='contact-row__main'>
        <View className='contact-row__line'>
          <Text className='contact-row__name'>{contact.name}</Text>
          {contact.title ? <Text className='contact-row__title'>{contact.title}</Text> : null}
          {contact.isPrimary ? <StatusTag tone='primary'>主要联系人</StatusTag> : null}
        </View>
        {contact.mobile ? <Text className='contact-row__mobile'>{formatMobile(contact.mobile)}</Text> : null}
      </View>
      {contact.mobile ? (
        <Text className='contact-row__call' onClick={() => Taro.makePhoneCall({ phoneNumber: contact.mobile! })}>
          拨打
        </Text>
      ) : null}
    </View>
  );
}

function OpportunityRow({ opportunity }: { opportunity: OpportunityDto }) {
  return (
    <View
      className='customer-opportunity'
      data-id={opportunity.id}
      onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.opportunityDetail, { id: opportunity.id }) })}
    >
      <View className='customer-opportunity__main'>
        <Text className='customer-opportunity__name'>{opportunity.name}</Text>
        <View className='customer-opportunity__meta'>
          <StatusTag tone={stageTone(opportunity.stageKind)}>{opportunity.stageName}</StatusTag>
          <Text className='customer-opportunity__probability'>赢率 {opportunity.probability}%</Text>
        </View>
      </View>
      <Text className='customer-opportunity__amount'>{formatYuan(opportunity.amountFen)}</Text>
    </View>
  );
}

function ContactSheet({ visible, onClose, onSave }: { visible: boolean; onClose: () => void; onSave: (contact: { name: string; title: string; mobile: string }) => Promise<void> }) {
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [mobile, setMobile] = useState('');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (visible) {
      setName('');
      setTitle('');
      setMobile('');
    }
  }, [visible]);

  const save = async () => {
    if (saving || !name.trim()) return;
    setSaving(true);
    try {
      await onSave({ name: name.trim(), title: title.trim(), mobile: mobile.trim() });
    } catch {
      // Shown by the caller; keep the form for another try.
    } finally {
      setSaving(false);
    }
  };

  return (
    <Popup visible={visible} position='bottom' round closeable title='添加联系人' onClose={onClose} className='contact-sheet'>
      <View className='crm-sheet crm-form contact-sheet__form'>
        <View className='crm-form__field'>
          <Text className='crm-form__label crm-form__label--required'>姓名</Text>
          <Input id='contact-name' value={name} placeholder='联系人姓名' maxLength={64} onChange={setName} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>职务</Text>
          <Input id='contact-title' value={title} placeholder='选填' maxLength={64} onChange={setTitle} />
        </View>
        <View className='crm-form__field'>
          <Text className='crm-form__label'>手机</Text>
          <Input id='contact-mobile' type='tel' value={mobile} placeholder='选填' maxLength={32} onChange={setMobile} />
        </View>
        <View className='crm-sheet__actions'>
          <Button id='contact-save' type='primary' size='large' loading={saving} disabled={!name.trim()} onClick={save}>
            保存
          </Button>
        </View>
      </View>
    </Popup>
  );
}

export default function CustomerDetailPage() {
  const { id = '' } = useRouter().params;
  const me = useSalesStaff();
  const [customer, setCustomer] = useState<CustomerDto | null>(null);
  const [contacts, setContacts] = useState<ContactDto[]>([]);
  const [opportunities, setOpportunities] = useState<OpportunityDto[]>([]);
  const [status, setStatus] = useState<LoadStatus>('loading');
  const [error, setError] = useState('');
  const [releaseSheet, setReleaseSheet] = useState(false);
  const [contactSheet, setContactSheet] = useState(false);
  const [claiming, setClaiming] = useState(false);
  const shown = useRef(false);
  const timeline = usePagedList(`timeline:${id}`, (cursor) => listTimeline(id, cursor), id !== '');

  const load = useCallback(async () => {
    try {
      const [fresh, people, deals] = await Promise.all([
        getCustomer(id),
        listContacts(id),
        // The customer's open and closed deals; a failure here only hides the section.
        listOpportunities({ customerId: id, limit: 5 }).catch(() => null),
      ]);
      setCustomer(fresh);
      setContacts(people);
      setOpportunities(deals?.data ?? []);
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
    // Back from 写跟进: the new entry belongs on top of the timeline.
    if (shown.current) {
      load();
      timeline.reload();
    }
    shown.current = true;
  });

  useReachBottom(() => {
    timeline.loadMore();
  });

  const refresh = (fresh: CustomerDto) => {
    setCustomer(fresh);
    timeline.reload();
  };

  const claim = async () => {
    if (claiming) return;
    setClaiming(true);
    try {
      const result = await claimCustomer(id);
      if (result.status === 'claimed') {
        refresh(result.customer);
        showToast('领取成功，已成为你的客户', 'success');
      } else {
        showToast('已提交领取申请，等待经理审批', 'success');
      }
    } catch (err) {
      showError(err);
    } finally {
      setClaiming(false);
    }
  };

  if (status !== 'ready' || !customer) {
    return (
      <View className='ws-page crm-page customer-detail'>
        {status === 'loading' ? (
          <View className='crm-loading'>
            <Loading direction='vertical'>加载中…</Loading>
          </View>
        ) : (
          <StateView kind='error' title='客户加载失败' description={error} actionText='重试' onAction={load} />
        )}
        <PageToast />
      </View>
    );
  }

  const mine = me !== null && customer.ownerId === me.id;
  const manages = me !== null && me.role !== 'rep';
  const openSales = (path: string, query: Record<string, string>) => () => Taro.navigateTo({ url: withQuery(path, query) });
  const writeFollowUp = () => Taro.navigateTo({ url: withQuery(ROUTES.followUpCreate, { type: 'customer', id: customer.id, name: customer.name }) });

  return (
    <View className='ws-page crm-page crm-page--with-bar customer-detail' data-in-pool={customer.inPool ? 'true' : 'false'}>
      <View className='crm-hero'>
        <View className='crm-hero__title-row'>
          <Text className='crm-hero__title' id='customer-name'>
            {customer.name}
          </Text>
          <StatusTag tone='primary'>{customer.gradeLabel}</StatusTag>
          {customer.inPool ? (
            <StatusTag tone='warning' className='customer-detail__pool'>
              公海
            </StatusTag>
          ) : null}
        </View>
        <Text className='crm-hero__sub' id='customer-owner'>
          {customer.inPool ? '公海客户，暂无负责人' : `负责人 ${customer.ownerName ?? '—'}${mine ? '（我）' : ''}`}
        </Text>
        <View className='crm-hero__stats'>
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value'>{customer.lastFollowUpAt ? formatRelative(customer.lastFollowUpAt) : '未跟进'}</Text>
            <Text className='crm-hero__stat-label'>最近跟进</Text>
          </View>
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value' id='customer-next-follow-up'>
              {customer.nextFollowUpAt ? formatRelative(customer.nextFollowUpAt) : '—'}
            </Text>
            <Text className='crm-hero__stat-label'>下次跟进</Text>
          </View>
          <View className='crm-hero__stat'>
            <Text className='crm-hero__stat-value'>{contacts.length} 位</Text>
            <Text className='crm-hero__stat-label'>联系人</Text>
          </View>
        </View>
      </View>

      <View className='crm-section' id='customer-contacts'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>联系人</Text>
          <Text className='crm-section__link' id='contact-add' onClick={() => setContactSheet(true)}>
            添加
          </Text>
        </View>
        <View className='crm-section__body'>
          {contacts.length ? contacts.map((contact) => <ContactRow key={contact.id} contact={contact} />) : <Text className='crm-section__empty'>还没有联系人</Text>}
        </View>
      </View>

      {opportunities.length ? (
        <View className='crm-section' id='customer-opportunities'>
          <View className='crm-section__head'>
            <Text className='crm-section__title'>商机</Text>
          </View>
          <View className='crm-section__body'>
            {opportunities.map((opportunity) => (
              <OpportunityRow key={opportunity.id} opportunity={opportunity} />
            ))}
          </View>
        </View>
      ) : null}

      <View className='crm-section' id='customer-sales'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>销售单据</Text>
        </View>
        <View className='customer-sales'>
          {customer.inPool ? null : (
            <>
              <View className='customer-sales__action' id='customer-new-quote' onClick={openSales(ROUTES.quoteEdit, { customerId: customer.id })}>
                <Text className='customer-sales__action-text'>新建报价</Text>
              </View>
              <View className='customer-sales__action' id='customer-new-order' onClick={openSales(ROUTES.orderCreate, { customerId: customer.id })}>
                <Text className='customer-sales__action-text'>代客下单</Text>
              </View>
            </>
          )}
          <View className='customer-sales__link' id='customer-quotes' onClick={openSales(ROUTES.quotes, { customerId: customer.id, customerName: customer.name })}>
            <Text>报价单 ›</Text>
          </View>
          <View className='customer-sales__link' id='customer-contracts' onClick={openSales(ROUTES.contracts, { customerId: customer.id, customerName: customer.name })}>
            <Text>合同 ›</Text>
          </View>
          <View className='customer-sales__link' id='customer-orders' onClick={openSales(ROUTES.orders, { customerId: customer.id, customerName: customer.name })}>
            <Text>订单 ›</Text>
          </View>
        </View>
      </View>

      <View className='crm-section'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>客户资料</Text>
        </View>
        <View className='crm-fields'>
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>手机</Text>
            <Text className='crm-field-row__value'>{formatMobile(customer.mobile)}</Text>
          </View>
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>来源</Text>
            <Text className='crm-field-row__value'>{LEAD_SOURCE_LABELS[customer.source] ?? customer.source}</Text>
          </View>
          {customer.region || customer.industry ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>地区 / 行业</Text>
              <Text className='crm-field-row__value'>{[customer.region, customer.industry].filter(Boolean).join(' · ')}</Text>
            </View>
          ) : null}
          {customer.address ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>地址</Text>
              <Text className='crm-field-row__value'>{customer.address}</Text>
            </View>
          ) : null}
          <View className='crm-field-row'>
            <Text className='crm-field-row__label'>信用额度</Text>
            <Text className='crm-field-row__value'>
              {formatYuan(customer.creditLimitFen)}
              {customer.paymentTermsDays ? ` · 账期 ${customer.paymentTermsDays} 天` : ''}
            </Text>
          </View>
          {customer.tags.length ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>标签</Text>
              <View className='crm-field-row__value customer-detail__tags'>
                {customer.tags.map((tag) => (
                  <StatusTag key={tag}>{tag}</StatusTag>
                ))}
              </View>
            </View>
          ) : null}
          {customer.remarks ? (
            <View className='crm-field-row'>
              <Text className='crm-field-row__label'>备注</Text>
              <Text className='crm-field-row__value'>{customer.remarks}</Text>
            </View>
          ) : null}
        </View>
      </View>

      <View className='crm-section' id='customer-timeline'>
        <View className='crm-section__head'>
          <Text className='crm-section__title'>动态</Text>
          <Text className='crm-section__link' onClick={writeFollowUp}>
            写跟进
          </Text>
        </View>
        <View className='crm-section__body'>
          {timeline.status === 'loading' && timeline.items.length === 0 ? (
            <View className='crm-loading customer-detail__timeline-loading'>
              <Loading />
            </View>
          ) : null}
          {timeline.status === 'error' ? <Text className='crm-section__empty'>{timeline.error}</Text> : null}
          {timeline.status === 'ready' && timeline.items.length === 0 ? <Text className='crm-section__empty'>暂无动态</Text> : null}
          {timeline.items.map((event) => (
            <TimelineItem key={event.id} event={event} />
          ))}
          {timeline.status === 'ready' && timeline.nextCursor ? (
            <ListFooter hasMore loading={timeline.loadingMore} error={timeline.moreError} onMore={timeline.loadMore} />
          ) : null}
        </View>
      </View>

      <View className='crm-actionbar'>
        {customer.inPool ? (
          <>
            <View className='crm-actionbar__item'>
              <Button id='customer-follow-up' size='large' fill='outline' type='primary' onClick={writeFollowUp}>
                写跟进
              </Button>
            </View>
            <View className='crm-actionbar__item'>
              <Button id='customer-claim' size='large' type='primary' loading={claiming} onClick={claim}>
                领取客户
              </Button>
            </View>
          </>
        ) : (
          <>
            {mine || manages ? (
              <View className='crm-actionbar__item'>
                <Button id='customer-release' size='large' fill='outline' type='default' onClick={() => setReleaseSheet(true)}>
                  释放到公海
                </Button>
              </View>
            ) : (
              <View className='crm-actionbar__item'>
                <Button id='customer-claim' size='large' fill='outline' type='primary' loading={claiming} onClick={claim}>
                  申请领取
                </Button>
              </View>
            )}
            <View className='crm-actionbar__item'>
              <Button id='customer-follow-up' size='large' type='primary' onClick={writeFollowUp}>
                写跟进
              </Button>
            </View>
          </>
        )}
      </View>

      <PromptSheet
        visible={releaseSheet}
        className='customer-release-sheet'
        title='释放到公海'
        description='释放后你不再负责该客户，其他同事可以领取。'
        placeholder='释放原因（选填）'
        confirmText='确认释放'
        danger
        onCancel={() => setReleaseSheet(false)}
        onConfirm={async (reason) => {
          try {
            refresh(await releaseCustomer(id, reason || undefined));
            setReleaseSheet(false);
            showToast('已释放到公海', 'success');
          } catch (err) {
            showError(err);
            throw err;
          }
        }}
      />
      <ContactSheet
        visible={contactSheet}
        onClose={() => setContactSheet(false)}
        onSave={async (input) => {
          try {
            const contact = await addContact(id, { name: input.name, title: input.title || undefined, mobile: input.mobile || undefined });
            setContacts((previous) => previous.concat(contact));
            setContactSheet(false);
            timeline.reload();
            showToast('联系人已添加', 'success');
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
