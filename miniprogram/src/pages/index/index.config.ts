export default definePageConfig({
  navigationBarTitleText: '产品',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
