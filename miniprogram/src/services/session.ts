import Taro from '@tarojs/taro';
import type { Me } from '@wesale/shared';

const SESSION_KEY = 'wesale.session';

interface StoredSession {
  token: string;
  /** ISO timestamp from the server. */
  expiresAt: string;
  /** Who signed in, so a page can pick the home for the role without waiting for /me. */
  user?: Me;
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

/** The signed-in user as of the last login or /me answer; null when signed out (or stored by an older version). */
export function getSessionUser(): Me | null {
  return getToken() ? (readSession()?.user ?? null) : null;
}

export function saveSession(session: StoredSession): void {
  Taro.setStorageSync(SESSION_KEY, { token: session.token, expiresAt: session.expiresAt, user: session.user });
}

/** Keeps the stored user in step with /me (a role may change while the token lives). */
export function updateSessionUser(user: Me): void {
  const session = readSession();
  if (session) saveSession({ ...session, user });
}

export function clearSession(): void {
  try {
    Taro.removeStorageSync(SESSION_KEY);
  } catch {
    // Storage may be unavailable (private mode); nothing to clear then.
  }
}
