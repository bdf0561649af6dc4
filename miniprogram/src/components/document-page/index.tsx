import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { PageToast } from '../page-toast';

/**
 * The root of a document page. The toast sits at the same place whether the page shows its spinner or its
 * content, so a toast raised while the document loads (a message from the page before) survives the switch.
 */
export function DocumentPage({ className, status, children }: { className: string; status?: string; children: ReactNode }) {
  return (
    <View className={`ws-page crm-page ${className}`} data-status={status}>
      {children}
      <PageToast />
    </View>
  );
}
