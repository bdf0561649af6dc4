import Taro from '@tarojs/taro';

/**
 * switchTab takes no query string, so a shortcut that opens a tab in a given state (e.g. 客户 on 公海)
 * leaves a note here that the tab page picks up when it shows.
 */
const intents = new Map<string, Record<string, string>>();

export function switchTabWith(url: string, intent?: Record<string, string>): void {
  if (intent) intents.set(url, intent);
  Taro.switchTab({ url });
}

export function takeTabIntent(url: string): Record<string, string> | undefined {
  const intent = intents.get(url);
  intents.delete(url);
  return intent;
}
