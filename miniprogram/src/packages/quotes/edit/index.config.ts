export default definePageConfig({
  navigationBarTitleText: '新建报价',
  navigationStyle: 'default',
});
