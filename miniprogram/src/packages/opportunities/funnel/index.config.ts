export default definePageConfig({
  navigationBarTitleText: '销售漏斗',
  navigationStyle: 'default',
  enablePullDownRefresh: true,
});
