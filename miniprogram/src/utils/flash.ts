/**
 * A message for the page we are going back to (a toast on a page that is being closed is never seen):
 * the form sets it before navigateBack, the page below shows it when it reappears.
 */
export type FlashIcon = 'success' | 'warn';

let pending: { message: string; icon: FlashIcon } | null = null;

export function setFlash(message: string, icon: FlashIcon = 'success'): void {
  pending = { message, icon };
}

export function takeFlash(): string | null {
  return takeFlashToast()?.message ?? null;
}

/** The message with the icon it should be shown with. */
export function takeFlashToast(): { message: string; icon: FlashIcon } | null {
  const flash = pending;
  pending = null;
  return flash;
}
