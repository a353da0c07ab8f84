/**
 * "Any Hugging Face model": a repository id (or Hub URL) whose config.json the page fetches from huggingface.co when
 * the reader asks, or a config.json pasted or uploaded, which works offline. The config adapters load with the first
 * request, not with the page. Each way it can fail is one sentence beside the field.
 */
import { useSignal } from '@preact/signals';
import { countParameters } from '../../lib/architecture/count';
import { formatInteger } from '../../lib/format/numbers';
import type { CalculatorModel } from './ConfigForm';

export const HUB_PREFIX = 'hf:';
/** The id a pasted or uploaded config takes; a fetched one is `hf:<repo>`. */
export const PASTED_ID = `${HUB_PREFIX}pasted config`;

interface Props {
  idPrefix: string;
  /** The model field's value: `hf:` alone, or `hf:<repo>`. */
  value: string;
  loaded: boolean;
  onLoaded: (model: CalculatorModel) => void;
}

/** Lives inside the form's fieldset, which keeps it disabled until the island has read the page address. */
export default function HubModelField({ idPrefix, value, loaded, onLoaded }: Props) {
  const repoFromUrl = value.startsWith(HUB_PREFIX) && value !== PASTED_ID ? value.slice(HUB_PREFIX.length) : '';
  const typed = useSignal(repoFromUrl);
  const pasted = useSignal('');
  const busy = useSignal(false);
  const message = useSignal<{ text: string; error: boolean } | null>(null);
  const id = (part: string) => `${idPrefix}-hub-${part}`;

  const use = async (text: string, repo: string | null, where: string) => {
    const hub = await import('../../lib/architecture/hub');
    const read = hub.readConfigText(text);
    if (!read.ok) {
      message.value = { text: `${where} ${read.message}`, error: true };
      return;
    }
    const counted = countParameters(read.architecture);
    const total = repo ? await hub.fetchHubParameterTotal(repo, fetch) : null;
    const name = repo ?? `Pasted config (${read.architecture.modelType})`;
    onLoaded({ id: repo ? `${HUB_PREFIX}${repo}` : PASTED_ID, name, family: 'Hugging Face', parameters: counted.total, activeParameters: counted.active, architecture: read.architecture });
    const counts = `${formatInteger(counted.total)} parameters counted from the config`;
    const listed = total === null ? '' : total === counted.total ? ', the same as its safetensors files list' : `; its safetensors files list ${formatInteger(total)}`;
    message.value = { text: `Read ${name}, a ${read.architecture.modelType} model: ${counts}${listed}.`, error: false };
  };

  const fetchConfig = async () => {
    const hub = await import('../../lib/architecture/hub');
    const repo = hub.parseHubRepo(typed.value);
    if (!repo) {
      message.value = { text: 'Hugging Face model must be a repository id such as Qwen/Qwen3-8B, or its address on huggingface.co.', error: true };
      return;
    }
    busy.value = true;
    message.value = { text: `Fetching ${repo}'s config.json from huggingface.co…`, error: false };
    try {
      const fetched = await hub.fetchHubConfig(repo, fetch);
      if (!fetched.ok) message.value = { text: `${repo}: ${fetched.message}.`, error: true };
      else await use(fetched.text, repo, `${repo}'s config.json`);
    } finally {
      busy.value = false;
    }
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    pasted.value = await file.text();
    await use(pasted.value, null, `${file.name}`);
  };

  const current = message.value;
  const describedBy = current ? id('message') : id('hint');
  return (
    <div class="hub-model">
      <div class={`field${current?.error ? ' has-error' : ''}`}>
        <label for={id('repo')}>Hugging Face model</label>
        <div class="hub-fetch">
          <input
            id={id('repo')}
            value={typed.value}
            placeholder="Qwen/Qwen3-8B"
            autoComplete="off"
            spellcheck={false}
            aria-invalid={current?.error ? true : undefined}
            aria-describedby={describedBy}
            onInput={(event) => (typed.value = event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void fetchConfig();
            }}
          />
          <button type="button" onClick={() => void fetchConfig()} disabled={busy.value}>
            Fetch config
          </button>
        </div>
        {!current && (
          <p class="hint" id={id('hint')}>
            {repoFromUrl && !loaded ? 'Press Fetch config to read it from huggingface.co.' : 'An id or a Hub address; only config.json is read.'}
          </p>
        )}
        {current && (
          <p class={current.error ? 'error' : 'hint'} id={id('message')} role="status">
            {current.text}
          </p>
        )}
      </div>
      <details class="hub-paste">
        <summary>Or paste or upload a config.json (works offline)</summary>
        <label for={id('paste')}>config.json</label>
        <textarea id={id('paste')} rows={5} spellcheck={false} value={pasted.value} onInput={(event) => (pasted.value = event.currentTarget.value)} />
        <div class="hub-fetch">
          <button type="button" disabled={pasted.value.trim() === ''} onClick={() => void use(pasted.value, null, 'The pasted text')}>
            Use this config
          </button>
          <label class="file">
            Upload a file
            <input type="file" accept=".json,application/json" onChange={(event) => void readFile(event.currentTarget.files?.[0])} />
          </label>
        </div>
      </details>
    </div>
  );
}
