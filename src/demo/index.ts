/** Demo data for `npm start` and `ydelse seed --demo`: citizens with half a year of history up to now. */
export { DEMO_START, demoPersons, demoRateFiles, loadDemoRates, seedDemo } from './seed-demo.ts';
