/**
 * Where the demo may fetch from: this site, and the Hugging Face Hub when models come from there. The page's
 * Content-Security-Policy says the same in its connect-src (src/integrations/csp.ts builds it from HUB_ORIGINS);
 * the workers also check it themselves, because on hosts that can only set a policy in a meta tag (GitHub Pages)
 * no policy reaches a worker.
 */

/** The Hub's origins as CSP sources: model files are listed on huggingface.co and redirect to *.hf.co storage. */
export const HUB_ORIGINS = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'] as const;

/** Whether `url` matches one CSP-style source (an exact origin, or https://*.domain for its subdomains). */
function matchesSource(url: URL, source: string): boolean {
  const wildcard = /^https:\/\/\*\.(.+)$/.exec(source);
  if (wildcard) return url.protocol === 'https:' && url.port === '' && url.hostname.endsWith(`.${wildcard[1]}`);
  return url.origin === source;
}

export function fetchAllowed(target: string | URL, siteOrigin: string, hub: boolean): boolean {
  let url: URL;
  try {
    url = new URL(target, siteOrigin);
  } catch {
    return false;
  }
  if (url.origin === siteOrigin) return true;
  return hub && HUB_ORIGINS.some((source) => matchesSource(url, source));
}

/** A fetch that refuses any other origin before a byte is sent, naming it. */
export function guardedFetch(inner: typeof fetch, siteOrigin: string, hub: boolean): typeof fetch {
  return (input, init) => {
    const target = input instanceof Request ? input.url : input;
    if (!fetchAllowed(target, siteOrigin, hub)) {
      const shown = (() => {
        try {
          return new URL(target, siteOrigin).origin;
        } catch {
          return 'an address it cannot read';
        }
      })();
      return Promise.reject(new TypeError(`The demo does not fetch from ${shown}: only this site${hub ? ' and the Hugging Face Hub' : ''}.`));
    }
    return inner(input, init);
  };
}
