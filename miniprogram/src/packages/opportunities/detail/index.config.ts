export default definePageConfig({
  navigationBarTitleText: '商机详情',
  navigationStyle: 'default',
});
