/** The real clock of a running system; everything else takes time from a Clock it is given. */
import { Temporal } from 'temporal-polyfill';
import type { Clock } from '../kernel/index.ts';

export const systemClock: Clock = { now: () => Temporal.Now.instant() };
