import { useEffect, useRef, useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import { Loading, Popup, SearchBar } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css';
import type { CustomerPrice } from '@wesale/shared';
import { formatYuan } from '@wesale/shared/money';
import { useDebouncedSearch } from '../../hooks/use-debounced-search';
import { listProducts, type ProductListItem } from '../../services/products';
import { errorMessage } from '../../services/request';
import { getCustomerPrices } from '../../services/sales';
import './index.scss';

export interface PickedProduct {
  product: ProductListItem;
  /** The customer's grade price, when the server gave one. */
  price: CustomerPrice | null;
}

export interface ProductPickerProps {
  visible: boolean;
  customerId: string;
  /** Products already on the document (marked, and picking one again adds another line). */
  pickedIds: string[];
  onPick: (picked: PickedProduct) => void;
  onClose: () => void;
}

/** A bottom sheet listing active products with the customer's grade price (GET /pricing/customer-prices). */
export function ProductPicker({ visible, customerId, pickedIds, onPick, onClose }: ProductPickerProps) {
  const search = useDebouncedSearch();
  const [products, setProducts] = useState<ProductListItem[]>([]);
  const [prices, setPrices] = useState<Record<string, CustomerPrice>>({});
  const [status, setStatus] = useState<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const [error, setError] = useState('');
  const generation = useRef(0);

  useEffect(() => {
    if (!visible || !customerId) return;
    const current = ++generation.current;
    setStatus('loading');
    listProducts({ q: search.query || undefined, limit: 50 })
      .then(async (page) => {
        const active = page.data.filter((product) => product.status !== 'inactive');
        const graded = await getCustomerPrices(
          customerId,
          active.map((product) => product.id),
        ).catch(() => [] as CustomerPrice[]);
        if (current !== generation.current) return;
        setProducts(active);
        setPrices(Object.fromEntries(graded.map((price) => [price.productId, price])));
        setStatus('ready');
      })
      .catch((err) => {
        if (current !== generation.current) return;
        setError(errorMessage(err));
        setStatus('error');
      });
  }, [visible, customerId, search.query]);

  return (
    <Popup visible={visible} position='bottom' round closeable title='选择产品' onClose={onClose} className='product-picker'>
      <View className='product-picker__body'>
        <SearchBar
          className='product-picker__search'
          shape='round'
          placeholder='搜索产品名称或 SKU'
          value={search.keyword}
          onChange={(value) => search.type(value)}
          onSearch={(value) => search.submit(value)}
          onClear={() => search.submit('')}
        />
        <ScrollView scrollY className='product-picker__list'>
          {status === 'loading' && products.length === 0 ? (
            <View className='crm-loading'>
              <Loading />
            </View>
          ) : null}
          {status === 'error' ? <Text className='crm-section__empty'>{error}</Text> : null}
          {status === 'ready' && products.length === 0 ? <Text className='crm-section__empty'>没有找到产品</Text> : null}
          {products.map((product) => {
            const price = prices[product.id] ?? null;
            const picked = pickedIds.includes(product.id);
            return (
              <View
                key={product.id}
                className={`product-option${picked ? ' product-option--picked' : ''}`}
                data-sku={product.sku}
                onClick={() => onPick({ product, price })}
              >
                <View className='product-option__main'>
                  <Text className='product-option__name'>{product.name}</Text>
                  <Text className='product-option__meta'>
                    {product.sku}
                    {product.spec ? ` · ${product.spec}` : ''}
                  </Text>
                </View>
                <View className='product-option__prices'>
                  <Text className='product-option__grade-price'>{formatYuan(price?.gradePriceFen ?? product.priceFen)}</Text>
                  {price && price.gradePriceFen !== price.listPriceFen ? <Text className='product-option__list-price'>{formatYuan(price.listPriceFen)}</Text> : null}
                  {picked ? <Text className='product-option__picked'>已添加</Text> : null}
                </View>
              </View>
            );
          })}
        </ScrollView>
      </View>
    </Popup>
  );
}
