import { useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Badge, Button, Cell } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css';
import { useSalesStaff } from '../../hooks/use-staff';
import { ROUTES, withQuery } from '../../routes';
import { listApprovals } from '../../services/approvals';
import { isApprover, logout, roleLabel } from '../../services/auth';
import './index.scss';

export default function MeTab() {
  const me = useSalesStaff();
  const approver = isApprover(me);
  const [pending, setPending] = useState(0);
  const loading = useRef(false);

  useDidShow(() => {
    if (!approver || loading.current) return;
    loading.current = true;
    listApprovals({ scope: 'todo', status: 'pending', limit: 100 })
      .then((page) => setPending(page.data.length))
      .catch(() => setPending(0))
      .finally(() => {
        loading.current = false;
      });
  });

  const go = (url: string) => () => Taro.navigateTo({ url });

  return (
    <View className='ws-page crm-page me-page'>
      <View className='me-card'>
        <View className='me-card__avatar'>
          <Text className='me-card__avatar-text'>{me?.displayName.slice(0, 1) ?? ''}</Text>
        </View>
        <View className='me-card__info' id='me-profile'>
          <Text className='me-card__name'>{me?.displayName ?? ''}</Text>
          <Text className='me-card__meta'>
            {me ? roleLabel(me) : ''}
            {me?.teamName ? ` · ${me.teamName}` : ''}
            {me ? ` · ${me.username}` : ''}
          </Text>
        </View>
      </View>

      <Cell.Group className='me-menu'>
        {approver ? (
          <Cell
            className='me-menu__approvals'
            title='审批'
            description='领取、报价、合同与订单的审批'
            clickable
            extra={pending > 0 ? <Badge value={pending} max={99} /> : '暂无待办'}
            onClick={go(ROUTES.approvals)}
          />
        ) : null}
        <Cell className='me-menu__requests' title='我的申请' clickable extra='›' onClick={go(withQuery(ROUTES.approvals, { scope: 'mine' }))} />
        <Cell className='me-menu__funnel' title='销售漏斗' clickable extra='›' onClick={go(ROUTES.funnel)} />
      </Cell.Group>

      <Cell.Group className='me-menu me-menu--sales'>
        <Cell className='me-menu__quotes' title='报价单' clickable extra='›' onClick={go(ROUTES.quotes)} />
        <Cell className='me-menu__contracts' title='合同' clickable extra='›' onClick={go(ROUTES.contracts)} />
        <Cell className='me-menu__orders' title='订单' clickable extra='›' onClick={go(ROUTES.orders)} />
        <Cell className='me-menu__catalog' title='产品目录' clickable extra='›' onClick={go(withQuery(ROUTES.products, { view: 'catalog' }))} />
      </Cell.Group>

      <View className='me-page__logout'>
        <Button id='logout' block size='large' fill='outline' type='default' onClick={logout}>
          退出登录
        </Button>
      </View>
    </View>
  );
}
