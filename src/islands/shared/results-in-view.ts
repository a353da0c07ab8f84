/**
 * On a wide screen a tool's result pane sticks below the header while its inputs scroll past, but it cannot
 * outlive the end of the inputs: when the browser brings one of the last inputs into view (it centres the field it
 * focuses), the end of the tool reaches mid-window and pushes the pane's top under the header. This handler, for a
 * tool's `focusin`, scrolls the page back just far enough for the pane's top to show, and never so far that the
 * focused field leaves the window.
 */
const GAP_PX = 16;

export function keepResultsInView(event: FocusEvent): void {
  const root = event.currentTarget as HTMLElement | null;
  const field = event.target as HTMLElement | null;
  if (!root || !field || !window.matchMedia('(min-width: 50rem)').matches) return;
  // Only fields: a button or link takes focus on the press of a click, and scrolling the page before the release
  // moves it from under the pointer, so the click never happens (seen in the compare button's browser test).
  if (field.closest('button, a, summary')) return;
  // After the browser's own scroll to the focused field.
  requestAnimationFrame(() => {
    // The pane of the part the field belongs to (the memory calculator compares up to three configurations).
    const pane = field.closest('.configuration')?.querySelector('.olg-app-results') ?? root.querySelector('.olg-app-results');
    if (!pane || pane.contains(field)) return;
    const headerBottom = document.querySelector('header.header')?.getBoundingClientRect().bottom ?? 0;
    const hiddenBy = headerBottom + GAP_PX - pane.getBoundingClientRect().top;
    const roomBelowField = window.innerHeight - field.getBoundingClientRect().bottom - GAP_PX;
    const shift = Math.min(hiddenBy, roomBelowField);
    if (shift > 0) window.scrollBy({ top: -shift });
  });
}
