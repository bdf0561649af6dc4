export default definePageConfig({
  navigationBarTitleText: '转化为客户',
  navigationStyle: 'default',
});
