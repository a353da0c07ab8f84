/** Where a demo model runs and in which weight format; shared by the registry helpers, the page and the worker. */
export type DemoDevice = 'webgpu' | 'wasm';
export type DemoDtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';
