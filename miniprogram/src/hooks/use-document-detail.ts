import { useState } from 'react';
import { useDidShow, useRouter } from '@tarojs/taro';
import type { Me } from '@wesale/shared';
import { showError, showToast } from '../components/page-toast';
import { queryParam } from '../routes';
import { takeFlashToast } from '../utils/flash';
import { useBusy } from './use-busy';
import { useDocument, type LoadedDocument } from './use-document';
import { useSignedIn } from './use-signed-in';

export interface DocumentDetail<T, K extends string> {
  me: Me | null;
  document: LoadedDocument<T>;
  /** The action under way (its loading spinner), see act. */
  busy: string | null;
  /** The open confirm sheet. */
  sheet: K | null;
  setSheet: (sheet: K | null) => void;
  /**
   * Run one action button: take the server's answer as the document and toast done; on failure (e.g. a 409:
   * the document moved on elsewhere) show the error and what the server has now. `intercept` may handle the
   * answer itself (return true), e.g. to go to a new version.
   */
  act: (name: string, action: () => Promise<T>, done: string, intercept?: (fresh: T) => boolean) => Promise<void>;
}

/**
 * The state of a quote, contract or order detail page: the document of the route's id once someone is signed
 * in, the running action, the open sheet, and the message the page before left (shown when the page shows).
 * Toasts go through the page's own <PageToast> (in DocumentPage); nothing is rendered from here.
 */
export function useDocumentDetail<T, K extends string = never>(
  fetch: (id: string) => Promise<T>,
  { reloadOnShow = false }: { reloadOnShow?: boolean } = {},
): DocumentDetail<T, K> {
  const id = queryParam(useRouter().params.id);
  const me = useSignedIn();
  const document = useDocument(id, fetch, me !== null);
  const { busy, run } = useBusy();
  const [sheet, setSheet] = useState<K | null>(null);

  useDidShow(() => {
    const flash = takeFlashToast();
    if (flash) showToast(flash.message, flash.icon);
    // Back from another page that may have changed the document (e.g. editing the draft).
    if (reloadOnShow && document.doc) document.reload();
  });

  const act = (name: string, action: () => Promise<T>, done: string, intercept?: (fresh: T) => boolean) =>
    run(name, async () => {
      try {
        const fresh = await action();
        if (intercept?.(fresh)) return;
        document.replace(fresh);
        showToast(done, 'success');
      } catch (err) {
        showError(err);
        document.reload();
      }
    });

  return { me, document, busy, sheet, setSheet, act };
}
