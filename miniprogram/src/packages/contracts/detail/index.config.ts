export default definePageConfig({
  navigationBarTitleText: '合同',
  navigationStyle: 'default',
});
