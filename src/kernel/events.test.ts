import { describe, expect, it } from 'vitest';
import { eventTypes, type DomainEvent } from './events.ts';

describe('the event types', () => {
  it('an unknown type, data of another shape or missing data does not compile', () => {
    const events: DomainEvent[] = [
      // @ts-expect-error: no such event type
      { type: 'ukendt-haendelse', data: {} },
      // @ts-expect-error: borger-oprettet carries `name`
      { type: 'borger-oprettet', data: { navn: 'Karen' } },
      // @ts-expect-error: the data is required
      { type: 'helbredskort-bestilt' },
      { type: 'borger-oprettet', data: { name: 'Karen' } },
    ];
    expect(events).toHaveLength(4);
  });

  it('lists each type once', () => {
    expect(new Set(eventTypes).size).toBe(eventTypes.length);
  });
});
