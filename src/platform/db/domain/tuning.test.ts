import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settingsAsFlags, tunedSettings } from './tuning.ts';

const GB = 1024 ** 3;

describe('the embedded server sized to its machine', () => {
  it.each([
    [0.5 * GB, '128MB', '256MB'],
    [2 * GB, '512MB', '1024MB'],
    [4 * GB, '640MB', '2048MB'],
    [24 * GB, '640MB', '12288MB'],
    [256 * GB, '640MB', '16384MB'],
  ])('%d bytes: shared_buffers %s, effective_cache_size %s', (memory, buffers, cache) => {
    expect(tunedSettings(memory)).toMatchObject({ shared_buffers: buffers, effective_cache_size: cache });
  });

  it('never gives the pool more than a quarter of a machine with at least 512 MB, nor more than 640 MB', () => {
    fc.assert(
      fc.property(fc.integer({ min: 512 * 1024 ** 2, max: 1024 * GB }), (memory) => {
        const buffers = Number(tunedSettings(memory).shared_buffers?.replace('MB', '')) * 1024 ** 2;
        expect(buffers).toBeLessThanOrEqual(Math.max(memory / 4, 128 * 1024 ** 2));
        // A process's resident memory counts the pool pages it touched: with the WAL buffers and a
        // backend's own memory, the pool must leave room under the 1 GB every process must stay below.
        expect(buffers).toBeLessThanOrEqual(640 * 1024 ** 2);
      }),
    );
  });

  it('passes each setting as -c name=value', () => {
    expect(settingsAsFlags({ a: '1', b: 'on' })).toEqual(['-c', 'a=1', '-c', 'b=on']);
  });
});
