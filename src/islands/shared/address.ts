/**
 * A tool whose inputs live in the page address. The server draws its controls disabled (a choice made before the
 * script runs would be lost) and, when the address carries settings, AddressGuard.astro hides the default result.
 * Once the island is live this hook reads the address, then enables the controls and shows the result, and from
 * then on writes every committed change back into the address.
 *
 * `waiting` is a signal to hand as it is to DOM props (`disabled={waiting}`): @preact/signals then updates those
 * attributes in place, so going live does not render the whole tool a second time. On Lighthouse's phone profile
 * that second render, and the layout after it, were about a third of the memory calculator's blocking time.
 */
import { effect, useSignal, type ReadonlySignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

/** The class AddressGuard.astro puts on the root element while a link's settings are unread (tools.css). */
export const AWAITING_ADDRESS_CLASS = 'olg-url-state';

/**
 * @param read applies the settings in a non-empty query string (called once, after hydration)
 * @param query the address's query string for the current settings, without "?"; it may read signals, and the
 *   address follows them
 */
export function useAddressState(read: (search: string) => void, query: () => string): ReadonlySignal<boolean> {
  const waiting = useSignal(true);
  useEffect(() => {
    if (window.location.search) read(window.location.search);
    waiting.value = false;
    document.documentElement.classList.remove(AWAITING_ADDRESS_CLASS);
    // Runs now and again whenever a signal that `query` reads changes; disposed when the island unmounts.
    return effect(() => {
      const search = query();
      window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
    });
  }, []);
  return waiting;
}
