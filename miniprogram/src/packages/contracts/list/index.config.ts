export default definePageConfig({
  navigationBarTitleText: '合同',
  navigationStyle: 'default',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
