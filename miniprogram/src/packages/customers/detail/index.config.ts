export default definePageConfig({
  navigationBarTitleText: '客户详情',
  onReachBottomDistance: 120,
});
