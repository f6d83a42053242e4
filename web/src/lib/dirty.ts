import { useEffect } from 'react';

/**
 * Unsaved edits anywhere in the app. Every editor with unsaved changes registers here, so that
 * leaving the page (reload, close, in-app navigation) asks first instead of dropping them.
 */
const dirtyEditors = new Set<symbol>();

window.addEventListener('beforeunload', (event) => {
  if (dirtyEditors.size === 0) return;
  event.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  event.returnValue = '';
});

/** Registers the calling editor as holding unsaved edits while `dirty` is true. */
export function useDirtyGuard(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const token = Symbol('dirty editor');
    dirtyEditors.add(token);
    return () => {
      dirtyEditors.delete(token);
    };
  }, [dirty]);
}

/** True when nothing is unsaved, or the person agrees to drop the unsaved edits. */
export function confirmDiscard(
  message = 'You have unsaved changes. Leave without saving them?',
): boolean {
  return dirtyEditors.size === 0 || window.confirm(message);
}

export const hasUnsavedEdits = () => dirtyEditors.size > 0;
