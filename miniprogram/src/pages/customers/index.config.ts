export default definePageConfig({
  navigationBarTitleText: '客户',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
