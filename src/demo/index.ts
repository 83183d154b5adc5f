/** Demo data for `npm start` and `ydelse seed --demo`: citizens with half a year of history up to now. */
export { DEMO_START, demoPersons, seedDemo } from './seed-demo.ts';
