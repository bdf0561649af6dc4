export default definePageConfig({
  navigationBarTitleText: '新建线索',
  navigationStyle: 'default',
});
