/** Citizens: registration, reading (access-logged), residence history. */
export { createPerson } from './create-person.ts';
export { getPerson } from './get-person.ts';
export { listPersonEvents, type PersonEvent } from './list-person-events.ts';
export { anyPersonExists, findPersonByCpr } from './db/person.repository.ts';
export type { NewPersonInput, ResidenceInput, PeriodInput } from './domain/decide-new-person.ts';
export { civilStatuses, type Person, type PersonData, type CivilStatus } from './domain/person.ts';
export { residenceOn, coversDate, describeResidence } from './domain/residence.ts';
export { personView, residenceView, type PersonView } from './person-view.ts';
export { personRoutes } from './http/person.routes.ts';
