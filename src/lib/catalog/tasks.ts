/**
 * The ten tasks of the guide's use-cases page, from easiest to hardest, with the rules of thumb the model finder
 * applies to each. They are the guide's own advice, explained on the use-cases page, not measured thresholds.
 */
import type { ModelKind } from './schema';

export interface Task {
  id: string;
  label: string;
  /** Kinds that do the task as released. */
  suitedKinds: readonly ModelKind[];
  /** A kind trained for exactly this task, ranked first among current models that qualify. */
  specialistKind?: ModelKind;
  /** Whether a base model can still do it when prompted with examples (few-shot). */
  baseWorksWithExamples: boolean;
  /** Smallest size we suggest, in parameters. */
  minParameters: number;
  /** Shortest context we suggest, in tokens. */
  minContextTokens: number;
  /** Whether the task needs image (or other non-text) input. */
  needsMultimodal: boolean;
  advice: string;
}

const CHAT_KINDS: readonly ModelKind[] = ['instruct', 'chat', 'preference-tuned'];

export const TASKS: readonly Task[] = [
  { id: 'classification', label: 'Classification', suitedKinds: [...CHAT_KINDS, 'base', 'domain-fine-tune'], baseWorksWithExamples: true, minParameters: 1e8, minContextTokens: 512, needsMultimodal: false, advice: 'Small models do well, especially with a few labelled examples in the prompt.' },
  { id: 'conversion', label: 'Conversion and extraction', suitedKinds: [...CHAT_KINDS, 'domain-fine-tune'], baseWorksWithExamples: true, minParameters: 1e9, minContextTokens: 2048, needsMultimodal: false, advice: 'Reformatting and extraction need a model that follows instructions, or a base model shown examples.' },
  { id: 'completion', label: 'Text completion', suitedKinds: ['base', 'code', 'domain-fine-tune'], baseWorksWithExamples: true, minParameters: 1e8, minContextTokens: 512, needsMultimodal: false, advice: 'Continuing text is what base models are trained for.' },
  { id: 'chat', label: 'Chat', suitedKinds: CHAT_KINDS, baseWorksWithExamples: false, minParameters: 1e9, minContextTokens: 4096, needsMultimodal: false, advice: 'Use an instruction- or chat-tuned model; a base model does not hold a conversation.' },
  { id: 'rag', label: 'Retrieval-augmented generation', suitedKinds: CHAT_KINDS, baseWorksWithExamples: false, minParameters: 3e9, minContextTokens: 8192, needsMultimodal: false, advice: 'Retrieved passages fill the prompt, so context length matters as much as size.' },
  { id: 'code', label: 'Code generation', suitedKinds: ['code', ...CHAT_KINDS], specialistKind: 'code', baseWorksWithExamples: false, minParameters: 1e9, minContextTokens: 4096, needsMultimodal: false, advice: 'Code-trained models, or recent instruction-tuned generalists trained on code.' },
  { id: 'structured-output', label: 'Structured output', suitedKinds: CHAT_KINDS, baseWorksWithExamples: false, minParameters: 1e9, minContextTokens: 2048, needsMultimodal: false, advice: 'Constrain decoding with a grammar or JSON schema so even small models emit valid output.' },
  { id: 'tool-use', label: 'Tool use', suitedKinds: CHAT_KINDS, baseWorksWithExamples: false, minParameters: 7e9, minContextTokens: 8192, needsMultimodal: false, advice: 'The model must choose a tool and fill its arguments; prefer models whose card documents tool calling.' },
  { id: 'agents', label: 'Agents', suitedKinds: CHAT_KINDS, baseWorksWithExamples: false, minParameters: 2e10, minContextTokens: 32768, needsMultimodal: false, advice: 'Long multi-step plans compound errors; agents need the strongest model you can run and a long context.' },
  { id: 'multimodal', label: 'Multimodal (images and text)', suitedKinds: CHAT_KINDS, baseWorksWithExamples: false, minParameters: 1e9, minContextTokens: 4096, needsMultimodal: true, advice: 'Needs a model with a vision encoder; the catalog holds text-only models so far.' },
];

export function taskById(id: string): Task | undefined {
  return TASKS.find((task) => task.id === id);
}
