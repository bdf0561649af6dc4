import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Loading, SearchBar } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/loading/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css';
import type { Me } from '@wesale/shared';
import { formatYuan } from '@wesale/shared/money';
import { StateView } from '../../components/state-view';
import { useDebouncedSearch } from '../../hooks/use-debounced-search';
import { usePagedList } from '../../hooks/use-paged-list';
import { ROUTES } from '../../routes';
import { fetchMe, goHome, isSalesStaff, logout, roleLabel } from '../../services/auth';
import { listProducts, type ProductListItem } from '../../services/products';
import { getSessionUser, getToken } from '../../services/session';
import './index.scss';

const PAGE_SIZE = 20;

function ProductRow({ product }: { product: ProductListItem }) {
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
      <View className='product-item__price'>
        <Text className='product-item__amount'>{formatYuan(product.priceFen)}</Text>
        <Text className='product-item__unit'>/{product.unit}</Text>
      </View>
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
  const search = useDebouncedSearch();
  const query = search.query;
  // Nothing loads until we know this visitor stays on the product list.
  const list = usePagedList(
    query,
    (cursor) => listProducts({ q: query || undefined, cursor: cursor ?? undefined, limit: PAGE_SIZE }),
    showProducts,
  );
  const { items } = list;
  // 'idle' only until the first load starts: show the spinner already.
  const loading = list.status === 'loading' || list.status === 'idle';

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

  usePullDownRefresh(() => {
    if (!showProducts) {
      Taro.stopPullDownRefresh();
      return;
    }
    list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  useReachBottom(() => {
    list.loadMore();
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

      <View className='home-search' id='product-search'>
        <SearchBar
          shape='round'
          placeholder='搜索产品名称或 SKU'
          value={search.keyword}
          maxLength={100}
          onChange={(value) => search.type(value)}
          onSearch={(value) => search.submit(value)}
          onClear={() => search.submit('')}
        />
      </View>

      {loading && items.length === 0 ? (
        <View className='home-loading'>
          <Loading direction='vertical'>加载中…</Loading>
        </View>
      ) : null}

      {list.status === 'error' ? (
        <StateView kind='error' className='product-list-error' title='产品加载失败' description={list.error} actionText='重试' onAction={list.reload} />
      ) : null}

      {list.status === 'ready' && items.length === 0 ? (
        <StateView
          className='product-list-empty'
          title={query ? '没有找到相关产品' : '暂无产品'}
          description={query ? `没有名称或 SKU 含“${query}”的产品，换个关键词试试` : '管理员添加产品后会显示在这里'}
        />
      ) : null}

      {list.status !== 'error' && items.length > 0 ? (
        <View className={`product-list${loading ? ' product-list--stale' : ''}`}>
          {items.map((product) => (
            <ProductRow key={product.id} product={product} />
          ))}
          <View className='product-list__footer'>
            {loading ? null : list.nextCursor ? (
              <Button className='product-list__more' fill='none' size='small' loading={list.loadingMore} onClick={() => list.loadMore()}>
                {list.moreError ? `${list.moreError}，点击重试` : '加载更多'}
              </Button>
            ) : (
              <Text className='product-list__end'>没有更多了</Text>
            )}
          </View>
        </View>
      ) : null}
    </View>
  );
}
