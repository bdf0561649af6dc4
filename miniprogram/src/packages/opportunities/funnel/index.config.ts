export default definePageConfig({
  navigationBarTitleText: '销售漏斗',
  enablePullDownRefresh: true,
});
