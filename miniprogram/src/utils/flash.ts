/**
 * A message for the page we are going back to (a toast on a page that is being closed is never seen):
 * the form sets it before navigateBack, the page below shows it when it reappears.
 */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
