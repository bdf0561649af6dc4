import type { ReactNode } from 'react';
import { Text } from '@tarojs/components';
import { DocumentLines, type DocumentLineItem } from '../document-lines';
import { DocumentTotals, type DocumentTotalsValue } from '../document-totals';
import { DocumentPage } from '../document-page';
import { LoadState } from '../load-state';
import { FieldRows, Section } from '../section';
import type { LoadedDocument } from '../../hooks/use-document';

/** A detail page before its document is there: the spinner, or the error with 重试. */
export function DocumentPageLoading({ className, document, errorTitle }: { className: string; document: Pick<LoadedDocument<unknown>, 'status' | 'error' | 'reload'>; errorTitle: string }) {
  return (
    <DocumentPage className={className}>
      <LoadState status={document.status} error={document.error} title={errorTitle} onRetry={document.reload} />
    </DocumentPage>
  );
}

/** The lines of a quote, contract or order with its totals; ids and classes by document kind (`${prefix}-lines`). */
export function DocumentLinesSection({
  prefix,
  title,
  lines,
  totals,
  totalLabel,
  showShipped,
}: {
  prefix: string;
  title: string;
  lines: DocumentLineItem[];
  totals: DocumentTotalsValue;
  totalLabel: string;
  showShipped?: boolean;
}) {
  return (
    <Section title={title} id={`${prefix}-lines`}>
      <DocumentLines lines={lines} showShipped={showShipped} />
      <DocumentTotals totals={totals} totalLabel={totalLabel} className={`${prefix}-totals`} />
    </Section>
  );
}

/** The facts of a document as label: value rows, then its terms. */
export function DocumentInfoSection({
  prefix,
  title,
  rows,
  terms,
}: {
  prefix: string;
  title: string;
  rows: Array<[string, ReactNode | null | undefined]>;
  terms?: string | null;
}) {
  return (
    <Section title={title} id={`${prefix}-info`}>
      <FieldRows rows={rows} />
      {terms ? <Text className={`document-terms ${prefix}-terms`}>{terms}</Text> : null}
    </Section>
  );
}
