/** Benefits (ydelser): the rules that compute each family's monthly amount, and their explanations. */
export type { Explanation, ExplanationStep, UsedRate, UsedRegistration } from './domain/explanation.ts';
