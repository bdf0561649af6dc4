/**
 * h5 only. NutUI Tabs scrolls its title bar after a change by measuring it with Taro's createSelectorQuery,
 * which runs up to ~100 ms later and looks the *current* page's container up by id. When a tap has navigated
 * on meanwhile, the new page's container is not in the DOM yet and Taro throws
 * "在已加载页面中没有找到对应的容器元素。" from a timer (or "没有找到已经加载了的页面" between two pages). The
 * measurement only served the page that was left, so these errors are dropped instead of surfacing as uncaught
 * exceptions; every other error still does. weapp has no such race.
 */
const TARO_PAGE_GONE = ['在已加载页面中没有找到对应的容器元素', '没有找到已经加载了的页面'];

function isMissingContainer(error: unknown): boolean {
  return error instanceof Error && TARO_PAGE_GONE.some((message) => error.message.includes(message));
}

export function installH5Guards(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return;
  window.addEventListener('error', (event) => {
    if (isMissingContainer(event.error)) event.preventDefault();
  });
  window.addEventListener('unhandledrejection', (event) => {
    if (isMissingContainer(event.reason)) event.preventDefault();
  });
}
