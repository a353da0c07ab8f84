/**
 * "Copy link": puts the page's address, which holds every input, on the clipboard. Where the clipboard is not
 * available (an insecure origin, a refused permission), the address is shown selected in a read-only field so
 * the reader can copy it by hand.
 */
import type { ReadonlySignal } from '@preact/signals';
import { useState } from 'preact/hooks';

/** `disabled`: until the island has read the page address (shared/address.ts). */
export default function CopyLink({ disabled }: { disabled: ReadonlySignal<boolean> }) {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [address, setAddress] = useState('');
  const copy = async () => {
    const href = window.location.href;
    setAddress(href);
    try {
      await navigator.clipboard.writeText(href);
      setState('copied');
    } catch {
      setState('manual');
    }
  };
  return (
    <div class="copy-link">
      <button type="button" onClick={copy} disabled={disabled}>
        Copy link
      </button>
      <span role="status">{state === 'copied' ? 'Link copied: it opens these exact settings.' : ''}</span>
      {state === 'manual' && (
        <label>
          Copy this link
          <input type="text" readOnly value={address} ref={(input) => input?.select()} />
        </label>
      )}
    </div>
  );
}
