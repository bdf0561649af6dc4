export default definePageConfig({
  navigationBarTitleText: '订单',
  navigationStyle: 'default',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
