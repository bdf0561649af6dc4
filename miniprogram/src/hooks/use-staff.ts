import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { StaffMe } from '@wesale/shared';
import { ROUTES } from '../routes';
import { fetchMe, isSalesStaff } from '../services/auth';
import { getSessionUser, getToken } from '../services/session';

// /me is asked once per app run; the stored copy shows the page at once meanwhile.
let refreshed = false;

/**
 * Guard of the sales pages: signed-out visitors go to login, customers and staff outside sales to the
 * product list. Returns the signed-in sales staff member, or null while that is being settled.
 */
export function useSalesStaff(): StaffMe | null {
  const [me, setMe] = useState<StaffMe | null>(() => {
    const user = getSessionUser();
    return user && user.kind === 'staff' && isSalesStaff(user) ? user : null;
  });

  useEffect(() => {
    if (!getToken()) {
      Taro.reLaunch({ url: ROUTES.login });
      return;
    }
    const stored = getSessionUser();
    if (stored && !isSalesStaff(stored)) {
      Taro.reLaunch({ url: ROUTES.products });
      return;
    }
    if (stored && refreshed) return;
    fetchMe()
      .then((fresh) => {
        refreshed = true;
        if (fresh.kind === 'staff' && isSalesStaff(fresh)) setMe(fresh);
        else Taro.reLaunch({ url: ROUTES.products });
      })
      .catch(() => {
        // A 401 already went to the login page; otherwise the stored copy stays in use.
      });
  }, []);

  return me;
}
