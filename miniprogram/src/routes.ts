/** Page paths, for Taro.navigateTo / reLaunch. */
export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
} as const;
