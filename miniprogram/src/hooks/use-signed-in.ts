import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { Me } from '@wesale/shared';
import { ROUTES } from '../routes';
import { fetchMe } from '../services/auth';
import { getSessionUser, getToken } from '../services/session';

/**
 * Guard of the pages customers and staff share (quotes, contracts, orders): signed-out visitors go to login.
 * Returns whoever is signed in (the stored copy at once, refreshed from /me), or null while unknown.
 */
export function useSignedIn(): Me | null {
  const [me, setMe] = useState<Me | null>(() => getSessionUser());

  useEffect(() => {
    if (!getToken()) {
      Taro.reLaunch({ url: ROUTES.login });
      return;
    }
    if (getSessionUser()) return;
    fetchMe()
      .then(setMe)
      .catch(() => {
        // A 401 already went to the login page.
      });
  }, []);

  return me;
}
