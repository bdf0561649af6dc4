export default definePageConfig({
  navigationBarTitleText: '登录',
  navigationBarBackgroundColor: '#f4f6f9',
});
