/**
 * The scenario format's keys come from the system's lists: a task type added to the composition root's
 * registry is a key a scenario file may name, with no edit to the format; the event keys are the typed
 * event list.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TaskType } from '../../tasks/index.ts';
import { eventTypes as systemEventTypes } from '../../kernel/index.ts';
import { formatScenarioError, parseScenario, taskTypes } from './index.ts';
import { eventTypes } from './model.ts';

const added = vi.hoisted(() => ({ key: 'ny-opgavetype-til-test' }));

// The composition root's registry with one type more, as a context adding a type would make it.
vi.mock('../../platform/system.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../platform/system.ts')>();
  const { TaskTypes } = await import('../../tasks/index.ts');
  const { z } = await import('zod');
  const type: TaskType = {
    key: added.key,
    name: 'Ny opgavetype',
    data: z.object({}),
    steps: [{ key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false }],
    dueDays: null,
    startableByHand: true,
  };
  return { ...original, taskTypes: new TaskTypes([...original.taskTypes.all(), type]) };
});

const scenario = (type: string) => `title: En ny opgavetype
start: 2025-05-05T09:00
persons:
  - cpr: "070362-1234"
    name: Karen Testesen
    residence:
      - { municipality: "101", from: 2015-01-01 }
steps:
  - expect:
      tasks:
        - { type: ${type}, status: aaben }
  - task-batch: { kind: genstart, types: [${type}] }
`;

describe('the scenario format and the task type registry', () => {
  it('a type added to the registry may be named in a scenario, as a matcher and in a batch', () => {
    expect(taskTypes).toContain(added.key);
    const result = parseScenario(scenario(added.key), 'ny.yaml');
    if (!result.ok) throw new Error(result.error.map(formatScenarioError).join('\n'));
    expect(result.value.steps.map((step) => step.kind)).toEqual(['expect', 'task-batch']);
  });

  it('a type in no registry and not planned is still refused', () => {
    const result = parseScenario(scenario('findes-ikke-opgavetype'), 'ukendt.yaml');
    expect(result.ok).toBe(false);
  });
});

describe('the scenario format and the event types', () => {
  it('the event keys are the typed event list', () => {
    expect(eventTypes).toBe(systemEventTypes);
  });
});
