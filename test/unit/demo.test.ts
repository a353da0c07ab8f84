import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoModelForCausalLM, AutoTokenizer, InterruptableStoppingCriteria, TextStreamer, env, type Tensor } from '@huggingface/transformers';
import { makeDemoFixtures } from '../../scripts/fixtures/make-demo-fixtures';
import { chooseDtype, downloadPlan, externalDataChunks } from '../../src/lib/demo/registry';
import { demoRegistrySchema } from '../../src/lib/demo/schema';

const ROOT = 'test/fixtures/models';

describe('fixture models through Transformers.js', () => {
  beforeAll(() => {
    makeDemoFixtures(ROOT);
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${process.cwd()}/${ROOT}/`;
  });

  it('are small and named like a real export, the base keeping its weights in an external data file', () => {
    const dir = join(ROOT, 'fixtures', 'tiny-llama-base');
    const graph = statSync(join(dir, 'onnx', 'model_q4.onnx')).size;
    const data = statSync(join(dir, 'onnx', 'model_q4.onnx_data')).size;
    expect(graph + data).toBeLessThan(1024 * 1024);
    expect(data).toBeGreaterThan(10 * graph);
    const instructGraph = statSync(join(ROOT, 'fixtures', 'tiny-llama-instruct', 'onnx', 'model_q4.onnx')).size;
    expect(instructGraph).toBeGreaterThan(data);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'llama', num_hidden_layers: 1, num_key_value_heads: 1 });
  });

  /** Loads a fixture the way the demo's worker does: the base model's weights come from one external data file. */
  async function load(name: string) {
    const id = `fixtures/${name}`;
    const external = name === 'tiny-llama-base' || name === 'tiny-llama-base-slow' ? { use_external_data_format: 1 } : {};
    return { tokenizer: await AutoTokenizer.from_pretrained(id), model: await AutoModelForCausalLM.from_pretrained(id, { dtype: 'q4', ...external }) };
  }

  it('the base model continues raw text, streaming the same text it returns', async () => {
    const { tokenizer, model } = await load('tiny-llama-base');
    const inputs = tokenizer('What is the capital of France?');
    let streamed = '';
    const output = (await model.generate({
      ...inputs,
      max_new_tokens: 10,
      do_sample: false,
      streamer: new TextStreamer(tokenizer, { skip_prompt: true, callback_function: (text: string) => (streamed += text) }),
    })) as Tensor;
    const promptLength = inputs.input_ids.dims.at(-1)!;
    const generated = tokenizer.batch_decode(output.slice(null, [promptLength, output.dims.at(-1)!]), { skip_special_tokens: true })[0];
    expect(generated).toBe(' and then the story went on without end, and');
    expect(streamed).toBe(generated);
  });

  it('the slow base model says the same words, with a 512 x 512 matrix of extra work in its weights', async () => {
    const generate = async (name: string) => {
      const { tokenizer, model } = await load(name);
      const inputs = tokenizer('What is the capital of France?');
      const output = (await model.generate({ ...inputs, max_new_tokens: 20, do_sample: false })) as Tensor;
      return tokenizer.batch_decode(output.slice(null, [inputs.input_ids.dims.at(-1)!, output.dims.at(-1)!]), { skip_special_tokens: true })[0];
    };
    expect(await generate('tiny-llama-base-slow')).toBe(await generate('tiny-llama-base'));
    const dataBytes = (name: string) => statSync(join(ROOT, 'fixtures', name, 'onnx', 'model_q4.onnx_data')).size;
    // The busy matrix alone is 512 x 512 fp32 values = 1 MiB.
    expect(dataBytes('tiny-llama-base-slow') - dataBytes('tiny-llama-base')).toBeGreaterThan(512 * 512 * 4);
  });

  it('the instruct model answers through its chat template and stops at <|im_end|>', async () => {
    const { tokenizer, model } = await load('tiny-llama-instruct');
    const prompt = tokenizer.apply_chat_template([{ role: 'user', content: 'Hello!' }], { tokenize: false, add_generation_prompt: true });
    expect(prompt).toBe('<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n');
    const inputs = tokenizer(prompt as string);
    const output = (await model.generate({ ...inputs, max_new_tokens: 40, do_sample: false })) as Tensor;
    const promptLength = inputs.input_ids.dims.at(-1)!;
    expect(output.dims.at(-1)! - promptLength).toBeLessThan(40);
    expect(tokenizer.batch_decode(output.slice(null, [promptLength, output.dims.at(-1)!]), { skip_special_tokens: false })[0]).toBe('Sure! Here is my short answer.<|im_end|>');
  });

  it('stops when interrupted', async () => {
    const { tokenizer, model } = await load('tiny-llama-base');
    const stopping = new InterruptableStoppingCriteria();
    let tokens = 0;
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      token_callback_function: () => {
        tokens += 1;
        if (tokens === 5) stopping.interrupt();
      },
    });
    const inputs = tokenizer('Once');
    const output = (await model.generate({ ...inputs, max_new_tokens: 200, do_sample: false, streamer, stopping_criteria: stopping })) as Tensor;
    expect(output.dims.at(-1)! - inputs.input_ids.dims.at(-1)!).toBeLessThan(10);
  });
});

describe('demo registry', () => {
  const registry = demoRegistrySchema.parse(JSON.parse(readFileSync('content/demo-models.json', 'utf8')));
  const [smollm2] = registry.pairs;

  it('starts with the SmolLM2 135M pair', () => {
    expect(smollm2!.base.repo).toBe('onnx-community/SmolLM2-135M-ONNX');
    expect(smollm2!.instruct.repo).toBe('HuggingFaceTB/SmolLM2-135M-Instruct');
  });

  it('asks for q4f16 only where WebGPU has 16-bit shaders, and q4 on WebAssembly when there is no q8 file', () => {
    expect(chooseDtype(smollm2!.instruct, 'webgpu', true)).toBe('q4f16');
    expect(chooseDtype(smollm2!.instruct, 'webgpu', false)).toBe('q4');
    expect(chooseDtype(smollm2!.instruct, 'wasm', false)).toBe('q4');
    const smollm = registry.pairs.find((pair) => pair.id === 'smollm-135m')!;
    expect(chooseDtype(smollm.instruct, 'wasm', false)).toBe('q8');
    expect(chooseDtype(smollm.base, 'webgpu', true)).toBe('fp16');
  });

  it('adds up the download, external data included, and says when some sizes are not known', () => {
    const plan = downloadPlan(smollm2!, 'webgpu', true);
    const names = plan.files.map((file) => `${file.repo}/${file.file}`);
    expect(names).toContain('onnx-community/SmolLM2-135M-ONNX/onnx/model_q4f16.onnx_data');
    expect(names).toContain('HuggingFaceTB/SmolLM2-135M-Instruct/onnx/model_q4f16.onnx');
    // Base: graph 276,492 + data 117,461,632 + config 1,035 + tokenizer 2,053,526; instruct: 134 MB + 132 + 2.1 MB.
    expect(plan.knownBytes).toBe(255_892_817);
    expect(plan.incomplete).toBe(true);
    expect(externalDataChunks(smollm2!.base, 'q8')).toBe(1);
    expect(externalDataChunks(smollm2!.instruct, 'q4')).toBe(0);
  });

  it('pins every model to a full commit and names external data as Transformers.js will ask for it', () => {
    for (const pair of registry.pairs) for (const model of [pair.base, pair.instruct]) expect(model.revision, model.repo).toMatch(/^[0-9a-f]{40}$/);
    const raw = JSON.parse(readFileSync('content/demo-models.json', 'utf8'));
    raw.pairs[0].base.files.q4.data[0].file = 'onnx/model_q4.data';
    expect(demoRegistrySchema.safeParse(raw).success).toBe(false);
  });
});
