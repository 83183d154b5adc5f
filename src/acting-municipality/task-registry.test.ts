import { describe, expect, it } from 'vitest';
import { taskTypes } from '../platform/system.ts';
import { moveTaskRegistry } from './task-types.ts';

describe("the move processes' task registry", () => {
  it("holds the very types of the composition root's registry, so the 04:00 run and the processes create and complete them as every other caller does", () => {
    expect(moveTaskRegistry.keys().length).toBeGreaterThan(0);
    for (const key of moveTaskRegistry.keys()) {
      const root = taskTypes.get(key);
      const own = moveTaskRegistry.get(key);
      expect(root.ok && own.ok && root.value === own.value, key).toBe(true);
    }
  });
});
