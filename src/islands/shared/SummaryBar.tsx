/**
 * The phone's summary bar (tools.css: .olg-summary-bar): a tool's answer in one line, kept at the bottom of the
 * screen while the tool is in view, with a link down to the full result. It repeats what the result says, so it is
 * hidden from screen readers and its link from the keyboard.
 */
import type { ComponentChildren } from 'preact';

interface Props {
  children: ComponentChildren;
  /** The full result's id. */
  target: string;
  link: string;
  stale?: boolean;
}

/** Hidden, like the result, while a link's settings are unread (AddressGuard.astro, tools.css). */
export default function SummaryBar({ children, target, link, stale }: Props) {
  return (
    <p class={`olg-summary-bar olg-awaits-url${stale ? ' is-stale' : ''}`} aria-hidden="true">
      <span class="summary-text">{children}</span>
      <a href={`#${target}`} tabIndex={-1}>
        {link} ↓
      </a>
    </p>
  );
}
