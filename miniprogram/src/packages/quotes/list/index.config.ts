export default definePageConfig({
  navigationBarTitleText: '报价单',
  navigationStyle: 'default',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
