export default definePageConfig({
  navigationBarTitleText: '客户详情',
  navigationStyle: 'default',
  onReachBottomDistance: 120,
});
