export default definePageConfig({
  navigationBarTitleText: '线索',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
