import { describe, expect, it } from 'vitest';
import { resolveDevice, type DeviceChoice, type DeviceSupport } from '../../src/lib/demo/device';

const webgpu: DeviceSupport = { webgpu: true, shaderF16: true };
const webgpuNoF16: DeviceSupport = { webgpu: true, shaderF16: false };
const none: DeviceSupport = { webgpu: false, shaderF16: false, reason: 'this browser does not offer WebGPU' };

describe('which runtime the demo uses', () => {
  it.each<[DeviceChoice, DeviceSupport | null, string, string]>([
    ['auto', webgpu, 'webgpu', 'WebGPU with 16-bit shaders is available.'],
    ['auto', webgpuNoF16, 'webgpu', 'WebGPU is available.'],
    ['webgpu', webgpu, 'webgpu', 'WebGPU with 16-bit shaders as you chose.'],
    ['auto', none, 'wasm', 'WebAssembly, because this browser does not offer WebGPU.'],
    ['webgpu', none, 'wasm', 'You asked for WebGPU, but this browser does not offer WebGPU: using WebAssembly instead.'],
    ['wasm', webgpu, 'wasm', 'WebAssembly, as you chose.'],
    ['auto', null, 'wasm', 'WebAssembly, because WebGPU could not be checked.'],
    ['webgpu', { webgpu: false, shaderF16: false }, 'wasm', 'You asked for WebGPU, but WebGPU could not be checked: using WebAssembly instead.'],
  ])('choice %s with %j: %s', (choice, support, device, why) => {
    expect(resolveDevice(choice, support)).toEqual({ device, why });
  });
});
