import Taro from '@tarojs/taro';

const SESSION_KEY = 'wesale.session';

interface StoredSession {
  token: string;
  /** ISO timestamp from the server. */
  expiresAt: string;
}

function readSession(): StoredSession | null {
  try {
    const value = Taro.getStorageSync(SESSION_KEY) as StoredSession | '' | undefined;
    return value && typeof value === 'object' && typeof value.token === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The bearer token, or null when signed out or the session has expired. */
export function getToken(): string | null {
  const session = readSession();
  if (!session) return null;
  const expiresAt = Date.parse(session.expiresAt);
  if (Number.isFinite(expiresAt) && expiresAt <= Date.now()) {
    clearSession();
    return null;
  }
  return session.token;
}

export function saveSession(session: StoredSession): void {
  Taro.setStorageSync(SESSION_KEY, { token: session.token, expiresAt: session.expiresAt });
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(SESSION_KEY);
  } catch {
    // Storage may be unavailable (private mode); nothing to clear then.
  }
}
