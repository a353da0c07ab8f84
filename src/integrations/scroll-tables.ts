/**
 * Wraps every Markdown table in a region that scrolls sideways on narrow screens. A scrolling region must be
 * reachable by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable), so it gets tabindex="0", and as a region
 * it needs a name: the heading the table sits under. A named <section> is that region natively. A hast plugin for Astro's Sätteri Markdown processor.
 */
import type { HastVisitorInstance } from 'satteri';

export default function scrollTables(): HastVisitorInstance {
  let heading = '';
  let count = 0;
  return {
    element: {
      filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table'],
      visit(node, context) {
        if (node.tagName !== 'table') {
          heading = context.textContent(node).trim();
          return;
        }
        count += 1;
        context.wrapNode(node, {
          type: 'element',
          tagName: 'section',
          properties: { className: ['table-scroll'], tabIndex: 0, ariaLabel: heading ? `Table: ${heading}` : `Table ${count}` },
          children: [],
        });
      },
    },
  };
}
