/** Which runtime the demo uses, from what the reader chose and what the browser offers, with the reason in words. */
import type { DemoDevice } from './types';

export interface DeviceSupport {
  webgpu: boolean;
  shaderF16: boolean;
  /** Why WebGPU is unavailable, in words for the reader. */
  reason?: string;
}

export type DeviceChoice = 'auto' | DemoDevice;

export interface ResolvedDevice {
  device: DemoDevice;
  why: string;
}

/** `support` is null while detection is still running; WebGPU is then treated as unavailable. */
export function resolveDevice(choice: DeviceChoice, support: DeviceSupport | null): ResolvedDevice {
  if (choice === 'wasm') return { device: 'wasm', why: 'WebAssembly, as you chose.' };
  if (support?.webgpu) {
    return { device: 'webgpu', why: `WebGPU${support.shaderF16 ? ' with 16-bit shaders' : ''} ${choice === 'auto' ? 'is available' : 'as you chose'}.` };
  }
  const reason = support?.reason ?? 'WebGPU could not be checked';
  return choice === 'webgpu'
    ? { device: 'wasm', why: `You asked for WebGPU, but ${reason}: using WebAssembly instead.` }
    : { device: 'wasm', why: `WebAssembly, because ${reason}.` };
}
