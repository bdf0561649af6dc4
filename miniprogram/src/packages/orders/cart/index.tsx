import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { InputNumber } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css';
import { formatYuan } from '@wesale/shared/money';
import { ActionBar } from '../../../components/action-bar';
import { DocumentTotals } from '../../../components/document-totals';
import { Section } from '../../../components/section';
import { StateView } from '../../../components/state-view';
import { useSignedIn } from '../../../hooks/use-signed-in';
import { ROUTES } from '../../../routes';
import { cartItems, cartTotals, MAX_CART_QUANTITY, setCartQuantity, type CartItem } from '../../../utils/cart';
import './index.scss';

function CartRow({ item, lineTotalFen, onQuantity }: { item: CartItem; lineTotalFen: number; onQuantity: (quantity: number) => void }) {
  return (
    <View className='cart-item' data-sku={item.sku}>
      <View className='cart-item__main'>
        <Text className='cart-item__name'>{item.name}</Text>
        {item.spec ? <Text className='cart-item__spec'>{item.spec}</Text> : null}
        <Text className='cart-item__price'>
          {formatYuan(item.unitPriceFen)}/{item.unit}
        </Text>
      </View>
      <View className='cart-item__side'>
        <Text className='cart-item__total'>{formatYuan(lineTotalFen)}</Text>
        <InputNumber className='cart-item__quantity' value={item.quantity} min={1} max={MAX_CART_QUANTITY} onChange={(value) => onQuantity(Number(value))} />
        <Text className='cart-item__remove' onClick={() => onQuantity(0)}>
          删除
        </Text>
      </View>
    </View>
  );
}

/** 购物车: what the customer picked from the product list, with quantities and the total at its prices. */
export default function CartPage() {
  useSignedIn();
  const [items, setItems] = useState<CartItem[]>(() => cartItems());

  // Back from checkout (or the product list in another tab): storage is the truth.
  useDidShow(() => setItems(cartItems()));

  const totals = cartTotals(items);

  if (items.length === 0) {
    return (
      <View className='ws-page crm-page cart-page'>
        <StateView className='cart-empty' title='购物车是空的' description='在产品列表点“加入购物车”' actionText='去选购' onAction={() => Taro.navigateBack().catch(() => Taro.reLaunch({ url: ROUTES.products }))} />
      </View>
    );
  }

  return (
    <View className='ws-page crm-page crm-page--with-bar cart-page'>
      <Section title={`共 ${items.length} 种产品`} id='cart-items'>
        {totals.lines.map((line) => (
          <CartRow key={line.item.productId} item={line.item} lineTotalFen={line.totalFen} onQuantity={(quantity) => setItems(setCartQuantity(line.item.productId, quantity))} />
        ))}
      </Section>
      <Section title='金额' id='cart-totals'>
        <DocumentTotals totals={totals} totalLabel='合计' note='按您的客户价计算，实际金额以下单后的订单为准。' />
      </Section>
      <ActionBar buttons={[{ id: 'cart-checkout', text: `去结算 ${formatYuan(totals.totalFen)}`, onClick: () => Taro.navigateTo({ url: ROUTES.checkout }) }]} />
    </View>
  );
}
