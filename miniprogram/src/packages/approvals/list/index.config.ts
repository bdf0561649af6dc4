export default definePageConfig({
  navigationBarTitleText: '审批',
  navigationStyle: 'default',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
