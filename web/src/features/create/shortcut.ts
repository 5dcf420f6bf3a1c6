/** Whether a key pressed on `target` may be a shortcut: not while typing into a field, the
 * table (RevoGrid starts editing a cell on any letter) or an open dialog. */
export function isShortcutTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return true;
  if (target.closest("input, textarea, select, [contenteditable], revo-grid, dialog")) {
    return false;
  }
  return !(target instanceof HTMLElement && target.isContentEditable);
}
