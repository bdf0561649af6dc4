export default definePageConfig({
  navigationBarTitleText: '写跟进',
  navigationStyle: 'default',
});
