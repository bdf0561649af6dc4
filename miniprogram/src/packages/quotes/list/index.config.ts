export default definePageConfig({
  navigationBarTitleText: '报价单',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
