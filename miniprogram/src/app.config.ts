// Main package: the launch page (product list), login and the tab pages; every other page goes into a
// domain subpackage (packages/<domain>/) so the main package stays small.
export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/home/index',
    'pages/leads/index',
    'pages/customers/index',
    'pages/opportunities/index',
    'pages/me/index',
  ],
  // Every subpackage page sets navigationStyle 'default' (WeChat's own default): in h5 that turns on Taro's title
  // bar, which shows the page title and a back control (home when the page was opened directly) that weapp draws itself.
  subPackages: [
    { root: 'packages/leads', pages: ['detail/index', 'convert/index', 'create/index'] },
    { root: 'packages/customers', pages: ['detail/index'] },
    { root: 'packages/follow-ups', pages: ['create/index'] },
    { root: 'packages/opportunities', pages: ['detail/index', 'funnel/index'] },
    { root: 'packages/approvals', pages: ['list/index'] },
    { root: 'packages/quotes', pages: ['list/index', 'detail/index', 'edit/index'] },
    { root: 'packages/contracts', pages: ['list/index', 'detail/index'] },
    { root: 'packages/orders', pages: ['list/index', 'detail/index', 'cart/index', 'checkout/index', 'create/index'] },
  ],
  // Fetch the detail pages in the background once a rep is on the matching tab.
  preloadRule: {
    'pages/leads/index': { network: 'all', packages: ['packages/leads'] },
    'pages/customers/index': { network: 'all', packages: ['packages/customers', 'packages/follow-ups'] },
    'pages/opportunities/index': { network: 'all', packages: ['packages/opportunities'] },
    // Customers start on the product list: their quotes, contracts, cart and orders are one tap away.
    'pages/index/index': { network: 'all', packages: ['packages/orders', 'packages/quotes', 'packages/contracts'] },
  },
  // Sales staff only: customers and other staff start on pages/index/index, which is not a tab page,
  // so they never see these tabs.
  tabBar: {
    color: '#8a93a3',
    selectedColor: '#1f6fe5',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tabbar/home.png', selectedIconPath: 'assets/tabbar/home-active.png' },
      { pagePath: 'pages/leads/index', text: '线索', iconPath: 'assets/tabbar/leads.png', selectedIconPath: 'assets/tabbar/leads-active.png' },
      {
        pagePath: 'pages/customers/index',
        text: '客户',
        iconPath: 'assets/tabbar/customers.png',
        selectedIconPath: 'assets/tabbar/customers-active.png',
      },
      {
        pagePath: 'pages/opportunities/index',
        text: '商机',
        iconPath: 'assets/tabbar/opportunities.png',
        selectedIconPath: 'assets/tabbar/opportunities-active.png',
      },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f4f6f9',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'WeSale 销售',
    navigationBarTextStyle: 'black',
  },
});
