export default definePageConfig({
  navigationBarTitleText: '写跟进',
});
