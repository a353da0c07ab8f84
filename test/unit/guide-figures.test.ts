/**
 * The guide states memory figures only through <MemoryFigure>, which asks the engine (src/lib/memory/figure.ts).
 * A typed "145 GB" went stale the day the engine or a catalog entry changed, and three pages once gave Llama 3.1
 * 70B at 16-bit as 144 GB and 145 GB at the same time. So this test reads every guide page and fails on any memory
 * figure typed into the prose, unless it is one of two things that are not the engine's to compute:
 *   - a card's sold size ("a 24 GB card", "an 80 GB H100", "A100 80GB"): a size some catalog GPU is sold at,
 *     written beside a word that says it is a card;
 *   - a figure quoted from a source (a model card's own claim, a published download size, a runtime constant),
 *     listed in QUOTED below with its page, its exact phrase and why it is typed.
 * It scans every figure on every page rather than only sentences that name a catalog model: prose says "the 70B"
 * or "an 8B model" as often as it writes a model's name, and no name matcher would catch them all. A new figure
 * therefore fails until it is either a <MemoryFigure> or argued for below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryFigureBytes, FIGURE_PARTS, type FigurePart } from '../../src/lib/memory/figure';
import { answerMemoryRequest } from '../../src/lib/memory/answer';
import { parseMemoryRequest } from '../../src/lib/memory/request';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import { loadGpus, loadModels } from './support/catalog';

const docsDir = fileURLToPath(new URL('../../content/docs/', import.meta.url));

function mdxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? mdxFiles(join(dir, entry.name)) : entry.name.endsWith('.mdx') ? [join(dir, entry.name)] : [],
  );
}

const pages = mdxFiles(docsDir).map((path) => ({ page: relative(docsDir, path), text: readFileSync(path, 'utf8') }));

/** Figures typed on purpose: each is someone else's number, which the page attributes, not an estimate of ours. */
const QUOTED: ReadonlyArray<{ page: string; phrase: string; why: string }> = [
  { page: 'models/profiles.mdx', phrase: 'roughly 85 to 100 GB', why: "Falcon 40B's model card's own figure, attributed to it" },
  { page: 'models/profiles.mdx', phrase: 'at least 400 GB of memory', why: "Falcon 180B's card (not a catalog model)" },
  { page: 'models/profiles.mdx', phrase: 'about 500 GB', why: "Grok 2's download size (not a catalog model)" },
  { page: 'models/profiles.mdx', phrase: 'more than 40 GB each', why: "Grok 2's reference serving setup, a GPU size" },
  { page: 'use-cases.mdx', phrase: 'runs within 16 GB of memory', why: "OpenAI's own claim for gpt-oss-20b, set beside the engine's figure" },
  { page: 'use-cases.mdx', phrase: '16 GB claim', why: 'the Sources line naming that claim' },
  { page: 'reference/glossary.mdx', phrase: 'Chat is about 3.9 GB', why: "a published GPTQ download's size (the engine's gptq-4bit figure agrees)" },
  { page: 'reference/glossary.mdx', phrase: 'about 25.8 GB', why: 'a card\'s 24 GiB written in decimal GB, unit arithmetic' },
  { page: 'calculators/memory.mdx', phrase: 'which is 25.8 GB', why: 'the same unit arithmetic' },
  { page: 'calculators/memory.mdx', phrase: 'in 24 GB where', why: "Unsloth's published QLoRA context on a 24 GB card" },
  { page: 'calculators/memory.mdx', phrase: 'about 0.36 GiB of CUDA graphs', why: 'a runtime constant of the engine, sourced on the page' },
  { page: 'calculators/memory.mdx', phrase: 'about 0.35 GiB outside PyTorch', why: 'a runtime constant of the engine, sourced on the page' },
  { page: 'calculators/memory.mdx', phrase: 'about 300 MB per GPU', why: "a PyTorch maintainer's figure for the CUDA context" },
  { page: 'calculators/memory.mdx', phrase: 'default of 0.5 GiB per GPU', why: "the calculator's default overhead, an input" },
  { page: 'calculators/memory.mdx', phrase: 'H100 reports 79.11 GiB, an RTX 3090 23.58 GiB', why: 'what CUDA reports for two cards, GPU figures from their catalog entries (reportedMemoryBytes)' },
  { page: 'calculators/memory.mdx', phrase: 'size (79.11 GiB on an 80 GB H100)', why: 'the same GPU figure' },
  { page: 'calculators/memory.mdx', phrase: '4 bytes, 250.5 MiB for', why: 'a worked product (512 × 128,256 × 4 bytes) the sentence shows' },
  { page: 'foundation-vs-fine-tuned.mdx', phrase: '96 GB of memory each', why: "Intel's Gaudi 2, a card outside the catalog" },
  { page: 'foundation-vs-fine-tuned.mdx', phrase: 'Gaudi 2 with 96 GB of memory', why: 'the Sources line for that card' },
  { page: 'start-here.mdx', phrase: '**Hardware:** 24 GB holds', why: 'a card size in the checklist' },
  { page: 'models/shortlist.mdx', phrase: 'A Mac with 128 GB', why: "a tier's name: the Apple M4 Max's memory as sold" },
  { page: 'models/shortlist.mdx', phrase: 'a Mac with 64 GB', why: "the machine in a cited llama.cpp log, its memory as sold" },
];

/** A typed figure: a number, a memory unit, and not a bandwidth ("GB/s"). */
const FIGURE = /(\d[\d,]*(?:\.\d+)?)\s?(GB|GiB|MB|MiB|TB|TiB)\b(?!\/s)/g;
const CARD_AFTER = /^"?(?:-class)?\s+(?:\w+\s+)?(?:for an?\s+)?(?:card|cards|GPU|GPUs|consumer|data-centre|H100|L40S|RTX|of unified)\b/;
const CARD_BEFORE = /(?:A100|H100|RTX \d{4}|RTX \d{4} \(|sold as "|card's "|a "|holds?|offers|can have)\s*$/;

/** The page as a reader sees its prose: no front matter, imports, code or engine figures. Offsets are kept. */
function proseOf(text: string): string {
  const blank = (match: string) => match.replace(/[^\n]/g, ' ');
  return text
    .replace(/^---\n[\s\S]*?\n---\n/, blank)
    .replace(/^import .*$/gm, blank)
    .replace(/```[\s\S]*?```/g, blank)
    .replace(/`[^`\n]*`/g, blank)
    .replace(/<MemoryFigure\b[^>]*\/>/g, blank);
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('memory figures in the guide', () => {
  const gpuSizesGib = new Set(loadGpus().map(({ gpu }) => gpu.memoryBytes / 2 ** 30));
  const isCardSize = (prose: string, start: number, end: number, value: number) =>
    gpuSizesGib.has(value) && (CARD_AFTER.test(prose.slice(end, end + 30)) || CARD_BEFORE.test(prose.slice(Math.max(0, start - 20), start)));

  it('types none: every figure is a <MemoryFigure>, a card size or a quoted figure listed with its reason', () => {
    const typed: string[] = [];
    for (const { page, text } of pages) {
      const prose = proseOf(text);
      const quotedRanges = QUOTED.filter((entry) => entry.page === page).flatMap(({ phrase }) =>
        [...prose.matchAll(new RegExp(phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((match) => [match.index, match.index + phrase.length]),
      );
      for (const match of prose.matchAll(FIGURE)) {
        const start = match.index;
        const end = start + match[0].length;
        if (quotedRanges.some(([from, to]) => from! <= start && end <= to!)) continue;
        if (isCardSize(prose, start, end, Number(match[1]!.replace(/,/g, '')))) continue;
        typed.push(`${page}:${lineOf(text, start)}: "${prose.slice(Math.max(0, start - 40), end + 20).replace(/\s+/g, ' ').trim()}"`);
      }
    }
    // A figure listed here must come from the engine: write <MemoryFigure query="model=…" />, or add it to QUOTED.
    expect(typed).toEqual([]);
  });

  it('lists no quoted figure that a page no longer has', () => {
    const stale = QUOTED.filter(({ page, phrase }) => !proseOf(pages.find((entry) => entry.page === page)?.text ?? '').includes(phrase));
    expect(stale).toEqual([]);
  });

  it('sees a typed figure beside a model, and lets a card size and an engine figure through', () => {
    const prose = proseOf('Llama 3.1 70B needs about 145 GB on an 80 GB H100, or <MemoryFigure query="model=llama-3.1-70b" />.');
    const found = [...prose.matchAll(FIGURE)].filter((match) => !isCardSize(prose, match.index, match.index + match[0].length, Number(match[1])));
    expect(found.map((match) => match[0])).toEqual(['145 GB']);
  });

  const catalog = { models: loadModels().map(({ model }) => model), gpus: toGpuSpecs(loadGpus().map(({ gpu }) => gpu)) };
  const figures = pages.flatMap(({ page, text }) =>
    [...text.matchAll(/<MemoryFigure\b([^>]*)\/>/g)].map((match) => ({
      page,
      query: /query="([^"]*)"/.exec(match[1]!)?.[1] ?? '',
      part: (/part="([^"]*)"/.exec(match[1]!)?.[1] ?? 'total') as FigurePart,
    })),
  );

  it('finds the engine figures the pages use', () => {
    expect(figures.length).toBeGreaterThan(20);
  });

  it.each(figures)('$page: $query ($part) is a setting the calculator accepts, for a catalog model', ({ query, part }) => {
    expect(FIGURE_PARTS).toContain(part);
    expect(memoryFigureBytes(query, part, catalog, DECODE_CALIBRATION)).toBeGreaterThan(0);
  });

  it('refuses an address the calculator would refuse, naming it', () => {
    expect(() => memoryFigureBytes('model=no-such-model', 'total', catalog, DECODE_CALIBRATION)).toThrow(/no-such-model/);
    expect(() => memoryFigureBytes('precision=bf16', 'total', catalog, DECODE_CALIBRATION)).toThrow(/catalog model/);
  });

  it('gives the parts the calculator shows: weights under the total, and the KV cache growing with context', () => {
    const total = memoryFigureBytes('model=llama-3.1-8b&context=8192', 'total', catalog, DECODE_CALIBRATION);
    const weights = memoryFigureBytes('model=llama-3.1-8b&context=8192', 'weights', catalog, DECODE_CALIBRATION);
    const cache = memoryFigureBytes('model=llama-3.1-8b&context=8192', 'kv-cache', catalog, DECODE_CALIBRATION);
    expect(weights + cache).toBeLessThan(total);
    // Llama 3.1 8B: 32 layers x 8 KV heads x 128 dims x 2 (K and V) x 2 bytes = 131,072 bytes a token.
    expect(cache).toBe(8192 * 131_072);
    expect(memoryFigureBytes('model=llama-3.1-8b&context=16384', 'kv-cache', catalog, DECODE_CALIBRATION)).toBe(2 * cache);
  });

  describe('placement parts: what the fullest GPU holds and the weights left in system RAM', () => {
    const placementOf = (query: string) => {
      const parsed = parseMemoryRequest(Object.fromEntries(new URLSearchParams(query)), catalog);
      if (!parsed.ok) throw new Error(query);
      return answerMemoryRequest(parsed.request, catalog.gpus, DECODE_CALIBRATION).onGpu!.placement;
    };
    const offload = (layers: number) => `model=gpt-oss-120b&precision=mxfp4&gpu=rtx-4090&runtime=llama.cpp&context=8192&n-cpu-moe=${layers}`;

    it('are the placement the calculator shows for the same address', () => {
      const query = offload(30);
      expect(memoryFigureBytes(query, 'gpu', catalog, DECODE_CALIBRATION)).toBe(placementOf(query).bytesPerGpu);
      expect(memoryFigureBytes(query, 'system-ram', catalog, DECODE_CALIBRATION)).toBe(placementOf(query).offloadedBytes);
    });

    it('move weights from the GPU to system RAM as more layers keep their experts on the CPU', () => {
      const gpu = (layers: number) => memoryFigureBytes(offload(layers), 'gpu', catalog, DECODE_CALIBRATION);
      const ram = (layers: number) => memoryFigureBytes(offload(layers), 'system-ram', catalog, DECODE_CALIBRATION);
      expect(ram(30)).toBeGreaterThan(ram(10));
      expect(gpu(30)).toBeLessThan(gpu(10));
      // The experts of 20 more layers move: what leaves the GPU is what arrives in RAM (buffers stay where they were).
      expect(gpu(10) - gpu(30)).toBe(ram(30) - ram(10));
    });

    it('need a GPU (an address with gpu= blank has none), and say so', () => {
      expect(() => memoryFigureBytes('model=gpt-oss-120b&gpu=', 'gpu', catalog, DECODE_CALIBRATION)).toThrow(/needs a GPU/);
      expect(() => memoryFigureBytes('model=gpt-oss-120b&gpu=', 'system-ram', catalog, DECODE_CALIBRATION)).toThrow(/needs a GPU/);
    });
  });
});
