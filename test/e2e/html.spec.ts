// Every built page is valid HTML (html-validate's standard and accessibility rules) and its images carry sizes and
// text alternatives. Reads the files the build wrote, so it needs no browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate, type Message } from 'html-validate';
import { builtPages, expect, test } from './support/site';

const validator = new HtmlValidate({ extends: ['html-validate:standard', 'html-validate:a11y'] });

/**
 * Markup this site does not write: Starlight's shell, its Expressive Code blocks and Astro's island loader. Each is
 * matched narrowly (rule, message and where it sits), so the same problem in this site's own markup still fails.
 */
const UPSTREAM: Array<{ rule: string; message?: RegExp; selector: RegExp; why: string }> = [
  { rule: 'no-implicit-button-type', selector: /(> site-search > (dialog > div > )?button|> nav > button|> figure > div > button)$/, why: "Starlight's search, menu and code-copy buttons sit outside any form, so the default type does nothing" },
  { rule: 'unique-landmark', selector: /(> (mobile-)?starlight-toc > nav|^html > body > div > div > div > aside)$/, why: "Starlight names its desktop and phone tables of contents alike (only one is shown at a time) and leaves the right sidebar's <aside> unnamed" },
  { rule: 'no-redundant-role', selector: /> ol$/, why: "Starlight's <Steps> restores list semantics that Safari drops when list styles are removed" },
  { rule: 'element-permitted-content', message: /<div> element is not permitted as content under <(code|button)>/, selector: /> figure > (pre > code|div > button) > div(:nth-child\(\d+\))?$/, why: "Expressive Code draws each line of a code block, and the copy button's icon, as a <div>" },
  { rule: 'text-content', selector: /> figure > div > button$/, why: "Expressive Code's copy button is named by its title attribute" },
  { rule: 'element-permitted-content', message: /<style> element is not permitted/, selector: /> style$/, why: "Astro writes its island loader's one-line style where the first island appears" },
];

/** The index of the exception that excuses a finding, or -1. */
function upstreamException(message: Message): number {
  return UPSTREAM.findIndex(
    (entry) => entry.rule === message.ruleId && (!entry.message || entry.message.test(message.message)) && entry.selector.test(message.selector ?? ''),
  );
}

const pages = builtPages();

for (const path of pages) {
  test(`page /${path} is valid HTML with sized, described images`, async () => {
    const file = join('dist', path, 'index.html');
    const html = readFileSync(file, 'utf8');
    const report = await validator.validateString(html, file);
    const problems = report.results
      .flatMap((result) => result.messages)
      .filter((message) => upstreamException(message) < 0)
      .map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message} (${message.selector ?? ''})`);
    expect(problems).toEqual([]);

    for (const [tag] of html.matchAll(/<img\b[^>]*>/g)) {
      expect(tag, 'an image needs a text alternative (alt="" when decorative)').toMatch(/\salt(=|\s|>)/);
      expect(tag, 'an image needs its width, so the page does not shift as it loads').toMatch(/\swidth="\d+"/);
      expect(tag, 'an image needs its height, so the page does not shift as it loads').toMatch(/\sheight="\d+"/);
    }
  });
}

test('the upstream exceptions are still needed, so none outlives the markup it excuses', async () => {
  const used = new Set<number>();
  for (const path of pages) {
    const file = join('dist', path, 'index.html');
    const report = await validator.validateString(readFileSync(file, 'utf8'), file);
    for (const message of report.results.flatMap((result) => result.messages)) used.add(upstreamException(message));
  }
  expect(UPSTREAM.filter((_, index) => !used.has(index)).map((entry) => entry.why)).toEqual([]);
});
