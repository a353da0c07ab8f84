/**
 * Two copies of a tool's inputs: what the fields show (`live`, updated on every keystroke) and what the reader has
 * committed (`committed`: on leaving a field, pressing Enter, choosing an option, or after a short pause in
 * typing). Results, errors and the page address follow the committed copy, so typing "1e9" never shows the
 * answer for 1 on the way. A tool commits on the native `change` event of its root element, which fires for a
 * choice made and for a text field left or entered.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

/** How long typing must pause before the result follows it. */
export const COMMIT_PAUSE_MS = 600;

export interface Committed<T> {
  live: Signal<T>;
  committed: Signal<T>;
  /** Changes what the fields show; the result follows after the pause, or at once with `now`. */
  set: (value: T, now?: boolean) => void;
  /** Makes the fields' current values the committed ones. */
  commit: () => void;
}

export function useCommitted<T>(initial: T): Committed<T> {
  const live = useSignal<T>(initial);
  const committed = useSignal<T>(initial);
  const pause = useRef<ReturnType<typeof setTimeout>>();
  const commit = () => {
    clearTimeout(pause.current);
    if (committed.value !== live.value) committed.value = live.value;
  };
  const set = (value: T, now = false) => {
    live.value = value;
    clearTimeout(pause.current);
    if (now) commit();
    else pause.current = setTimeout(commit, COMMIT_PAUSE_MS);
  };
  useEffect(() => () => clearTimeout(pause.current), []);
  return { live, committed, set, commit };
}
