/** Demo data for `npm start` and `ydelse seed --demo`. */
export { demoPersons, seedDemo } from './seed-demo.ts';
