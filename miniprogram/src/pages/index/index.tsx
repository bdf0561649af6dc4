import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Badge, Button, Grid, Loading, SearchBar } from '@nutui/nutui-react-taro';
import { Cart, Order, Prices, Received } from '@nutui/icons-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/grid/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css';
import type { Me } from '@wesale/shared';
import { formatYuan } from '@wesale/shared/money';
import { PageToast, showToast } from '../../components/page-toast';
import { StateView } from '../../components/state-view';
import { ROUTES } from '../../routes';
import { fetchMe, goHome, isSalesStaff, logout, roleLabel } from '../../services/auth';
import { listProducts, type ProductListItem } from '../../services/products';
import { errorMessage } from '../../services/request';
import { getSessionUser, getToken } from '../../services/session';
import { addToCart, cartCount } from '../../utils/cart';
import './index.scss';

const PAGE_SIZE = 20;
const SEARCH_DEBOUNCE_MS = 300;

type ListStatus = 'loading' | 'ready' | 'error';

function ProductRow({ product, onAdd }: { product: ProductListItem; onAdd?: (product: ProductListItem) => void }) {
  // Customers see their grade price (yourPriceFen) and the list price struck through when it is lower.
  const price = product.yourPriceFen ?? product.priceFen;
  return (
    <View className={`product-item${product.status === 'inactive' ? ' product-item--inactive' : ''}`} data-sku={product.sku}>
      <View className='product-item__main'>
        <Text className='product-item__name'>{product.name}</Text>
        {product.spec ? <Text className='product-item__spec'>{product.spec}</Text> : null}
        <View className='product-item__meta'>
          <Text className='product-item__sku'>SKU {product.sku}</Text>
          {product.category ? <Text className='product-item__category'>{product.category}</Text> : null}
          {product.status === 'inactive' ? <Text className='product-item__inactive'>停售</Text> : null}
        </View>
      </View>
      <View className='product-item__side'>
        <View className='product-item__price'>
          <Text className='product-item__amount'>{formatYuan(price)}</Text>
          <Text className='product-item__unit'>/{product.unit}</Text>
        </View>
        {price < product.priceFen ? <Text className='product-item__list-price'>{formatYuan(product.priceFen)}</Text> : null}
        {onAdd ? (
          <View className='product-item__add' onClick={() => onAdd(product)}>
            <Text>加入购物车</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}

/** 我的报价 / 我的合同 / 我的订单 / 购物车 for a signed-in customer. */
function CustomerShortcuts({ cart }: { cart: number }) {
  const go = (url: string) => () => Taro.navigateTo({ url });
  return (
    <View className='customer-shortcuts'>
      <Grid columns={4} className='customer-shortcut-grid'>
        <Grid.Item text='我的报价' className='customer-shortcut customer-shortcut--quotes' onClick={go(ROUTES.quotes)}>
          <Prices size={24} color='#1f6fe5' />
        </Grid.Item>
        <Grid.Item text='我的合同' className='customer-shortcut customer-shortcut--contracts' onClick={go(ROUTES.contracts)}>
          <Order size={24} color='#7a4fd6' />
        </Grid.Item>
        <Grid.Item text='我的订单' className='customer-shortcut customer-shortcut--orders' onClick={go(ROUTES.orders)}>
          <Received size={24} color='#0f8a9d' />
        </Grid.Item>
        <Grid.Item text='购物车' className='customer-shortcut customer-shortcut--cart' onClick={go(ROUTES.cart)}>
          {cart > 0 ? (
            <Badge value={cart} max={99} className='customer-shortcut__cart-count'>
              <Cart size={24} color='#e0452f' />
            </Badge>
          ) : (
            <Cart size={24} color='#e0452f' />
          )}
        </Grid.Item>
      </Grid>
    </View>
  );
}

/**
 * The launch page. Customers (and staff outside sales) live here: the product list, no tab bar.
 * Sales staff are sent on to their workbench, unless they opened the catalog on purpose (?view=catalog).
 */
export default function ProductsPage() {
  const catalog = useRouter().params.view === 'catalog';
  const [signedIn] = useState(() => getToken() !== null);
  const [me, setMe] = useState<Me | null>(() => getSessionUser());
  // false while a sales staff member is on the way to the workbench (or we do not know the role yet).
  const [showProducts, setShowProducts] = useState(() => {
    const user = getSessionUser();
    return signedIn && (catalog || (user !== null && !isSalesStaff(user)));
  });
  const [keyword, setKeyword] = useState('');
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<ProductListItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<ListStatus>('loading');
  const [error, setError] = useState('');
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  // Answers to an older search or refresh arrive late sometimes; only the newest may land.
  const generation = useRef(0);
  const debounceTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Reach-bottom and the 加载更多 tap can fire in the same tick, before state re-renders.
  const loadingMoreRef = useRef(false);
  const [cart, setCart] = useState(() => cartCount());
  const customer = me?.kind === 'customer';

  // Back from the cart or checkout: the count may have changed.
  useDidShow(() => setCart(cartCount()));

  const add = (product: ProductListItem) => {
    addToCart({
      productId: product.id,
      sku: product.sku,
      name: product.name,
      spec: product.spec,
      unit: product.unit,
      unitPriceFen: product.yourPriceFen ?? product.priceFen,
      taxRateBp: product.taxRateBp,
    });
    setCart(cartCount());
    showToast(`已加入购物车：${product.name}`, 'success');
  };

  const loadFirstPage = useCallback(async (q: string) => {
    const current = ++generation.current;
    setStatus('loading');
    setError('');
    setMoreError('');
    try {
      const page = await listProducts({ q: q || undefined, limit: PAGE_SIZE });
      if (current !== generation.current) return;
      setItems(page.data);
      setNextCursor(page.nextCursor);
      setStatus('ready');
    } catch (err) {
      if (current !== generation.current) return;
      setError(errorMessage(err));
      setStatus('error');
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMoreRef.current || status !== 'ready') return;
    const current = generation.current;
    loadingMoreRef.current = true;
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await listProducts({ q: query || undefined, cursor: nextCursor, limit: PAGE_SIZE });
      if (current !== generation.current) return;
      setItems((previous) => previous.concat(page.data));
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (current !== generation.current) return;
      setMoreError(errorMessage(err));
    } finally {
      loadingMoreRef.current = false;
      setLoadingMore(false);
    }
  }, [nextCursor, status, query]);

  useEffect(() => {
    if (!signedIn) {
      Taro.reLaunch({ url: ROUTES.login });
      return;
    }
    const stored = getSessionUser();
    if (!catalog && stored && isSalesStaff(stored)) {
      goHome(stored);
      return;
    }
    fetchMe()
      .then((fresh) => {
        setMe(fresh);
        if (!catalog && isSalesStaff(fresh)) goHome(fresh);
        else setShowProducts(true);
      })
      .catch(() => {
        // A 401 already sent us to the login page; otherwise show the list without the name.
        setShowProducts(true);
      });
  }, [signedIn, catalog]);

  useEffect(() => {
    if (showProducts) loadFirstPage(query);
  }, [showProducts, query, loadFirstPage]);

  useEffect(
    () => () => {
      if (debounceTimer.current) clearTimeout(debounceTimer.current);
    },
    [],
  );

  const applySearch = (value: string, immediately: boolean) => {
    if (debounceTimer.current) clearTimeout(debounceTimer.current);
    const next = value.trim();
    if (immediately) setQuery(next);
    else debounceTimer.current = setTimeout(() => setQuery(next), SEARCH_DEBOUNCE_MS);
  };

  usePullDownRefresh(() => {
    if (!showProducts) {
      Taro.stopPullDownRefresh();
      return;
    }
    loadFirstPage(query).finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    loadMore();
  });

  if (!showProducts) return <View className='ws-page' />;

  return (
    <View className='ws-page home-page'>
      {/* Staff in the catalog sign out from 我的; the header is the customer's. */}
      {catalog ? null : (
        <View className='home-header'>
          <View className='home-header__user' id='current-user'>
            <Text className='home-header__greeting'>{me ? `你好，${me.displayName}` : '你好'}</Text>
            {me ? <Text className='home-header__role'>{roleLabel(me)}</Text> : null}
          </View>
          <View className='home-header__logout' id='logout' onClick={logout}>
            <Text>退出登录</Text>
          </View>
        </View>
      )}

      {customer ? <CustomerShortcuts cart={cart} /> : null}

      <View className='home-search' id='product-search'>
        <SearchBar
          shape='round'
          placeholder='搜索产品名称或 SKU'
          value={keyword}
          maxLength={100}
          onChange={(value) => {
            setKeyword(value);
            applySearch(value, false);
          }}
          onSearch={(value) => applySearch(value, true)}
          onClear={() => {
            setKeyword('');
            applySearch('', true);
          }}
        />
      </View>

      {status === 'loading' && items.length === 0 ? (
        <View className='home-loading'>
          <Loading direction='vertical'>加载中…</Loading>
        </View>
      ) : null}

      {status === 'error' ? (
        <StateView
          kind='error'
          className='product-list-error'
          title='产品加载失败'
          description={error}
          actionText='重试'
          onAction={() => loadFirstPage(query)}
        />
      ) : null}

      {status === 'ready' && items.length === 0 ? (
        <StateView
          className='product-list-empty'
          title={query ? '没有找到相关产品' : '暂无产品'}
          description={query ? `没有名称或 SKU 含“${query}”的产品，换个关键词试试` : '管理员添加产品后会显示在这里'}
        />
      ) : null}

      {status !== 'error' && items.length > 0 ? (
        <View className={`product-list${status === 'loading' ? ' product-list--stale' : ''}`}>
          {items.map((product) => (
            <ProductRow key={product.id} product={product} onAdd={customer ? add : undefined} />
          ))}
          <View className='product-list__footer'>
            {status === 'loading' ? null : nextCursor ? (
              <Button
                className='product-list__more'
                fill='none'
                size='small'
                loading={loadingMore}
                onClick={() => loadMore()}
              >
                {moreError ? `${moreError}，点击重试` : '加载更多'}
              </Button>
            ) : (
              <Text className='product-list__end'>没有更多了</Text>
            )}
          </View>
        </View>
      ) : null}
      <PageToast />
    </View>
  );
}
