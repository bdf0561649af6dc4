export default definePageConfig({
  navigationBarTitleText: '商机',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
