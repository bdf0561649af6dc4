import type { ActionBarButton } from '../action-bar';
import { showError, showToast } from '../page-toast';
import { PromptSheet } from '../prompt-sheet';
import type { LoadedDocument } from '../../hooks/use-document';

export interface DocumentSheetConfig {
  title: string;
  description: string;
  placeholder?: string;
  confirmText: string;
  danger?: boolean;
  /** false: a plain confirm without a text box. */
  input: boolean;
  /** The toast once done. */
  done: string;
}

export interface DocumentActionSheetProps<T, K extends string> {
  /** Document kind, the class name prefix: `${prefix}-${sheet}-sheet`. */
  prefix: string;
  sheets: Record<K, DocumentSheetConfig>;
  sheet: K | null;
  onClose: () => void;
  document: LoadedDocument<T>;
  /** The action behind the sheet, with what was typed; resolves to the server's copy of the document. */
  perform: (sheet: K, text: string | undefined) => Promise<T>;
}

/**
 * The confirm sheet of a document's actions (accept, sign, approve, reject, cancel …). Rendered by the page
 * inside its DocumentPage, so the popup mounts into the page's own container.
 */
export function DocumentActionSheet<T, K extends string>({ prefix, sheets, sheet, onClose, document, perform }: DocumentActionSheetProps<T, K>) {
  const config = sheet ? sheets[sheet] : null;
  return (
    <PromptSheet
      visible={config !== null}
      className={`${prefix}-${sheet ?? 'action'}-sheet`}
      title={config?.title ?? ''}
      description={config?.description}
      placeholder={config?.placeholder}
      input={config?.input ?? true}
      confirmText={config?.confirmText}
      danger={config?.danger}
      onCancel={onClose}
      onConfirm={async (text) => {
        const current = sheet;
        if (!current) return;
        try {
          document.replace(await perform(current, text || undefined));
          onClose();
          showToast(sheets[current].done, 'success');
        } catch (err) {
          showError(err);
          onClose();
          document.reload();
        }
      }}
    />
  );
}

/** 驳回 and 通过 of a document waiting for a manager: each opens its sheet. */
export function approvalButtons(prefix: string, open: (sheet: 'approve' | 'reject') => void): ActionBarButton[] {
  return [
    { id: `${prefix}-reject`, text: '驳回', kind: 'secondary', onClick: () => open('reject') },
    { id: `${prefix}-approve`, text: '通过', onClick: () => open('approve') },
  ];
}
