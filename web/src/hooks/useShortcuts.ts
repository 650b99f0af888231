// Keyboard shortcuts of the editor, one table: key, whether it needs Ctrl (or Cmd), what it does.
// Typing in a form field keeps its own keys, except Ctrl+S, which always saves.

import { useEffect, useRef } from 'react';

export interface Shortcut { key: string; ctrl: boolean; shift?: boolean; action: string; label: string; inForms?: boolean }

export const SHORTCUTS: readonly Shortcut[] = [
  { key: 's', ctrl: true, action: 'save', label: 'Save now', inForms: true },
  { key: 'z', ctrl: true, action: 'undo', label: 'Undo' },
  { key: 'z', ctrl: true, shift: true, action: 'redo', label: 'Redo' },
  { key: 'y', ctrl: true, action: 'redo', label: 'Redo' },
  { key: 'c', ctrl: true, action: 'copy', label: 'Copy the selection' },
  { key: 'v', ctrl: true, action: 'paste', label: 'Paste' },
  { key: 'd', ctrl: true, action: 'duplicate', label: 'Duplicate the selection' },
  { key: 'a', ctrl: true, action: 'selectAll', label: 'Select everything' },
  { key: 'f', ctrl: true, action: 'search', label: 'Search elements by name' },
  { key: 'Delete', ctrl: false, action: 'delete', label: 'Delete the selection' },
  { key: 'Backspace', ctrl: false, action: 'delete', label: 'Delete the selection' },
  { key: 'Escape', ctrl: false, action: 'escape', label: 'Clear the selection and the search' },
];

export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>, inForm: boolean): Shortcut | undefined {
  const ctrl = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return SHORTCUTS.find((s) => s.key === key && s.ctrl === ctrl && !!s.shift === e.shiftKey && (!inForm || s.inForms));
}

const isForm = (t: EventTarget | null) => t instanceof HTMLElement && !!t.closest('input, textarea, select, [contenteditable="true"]');

export function useShortcuts(handlers: Record<string, () => void>): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const s = shortcutFor(e, isForm(e.target));
      const f = s && ref.current[s.action];
      if (!f) return;
      e.preventDefault();
      f();
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
}
