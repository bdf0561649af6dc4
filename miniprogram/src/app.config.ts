// Main package: tab pages and login only; every other page goes into a domain subpackage (packages/<domain>/).
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/login/index'],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f4f6f9',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'WeSale 销售',
    navigationBarTextStyle: 'black',
  },
});
