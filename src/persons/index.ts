/** Citizens: registration, reading (access-logged), residence history. */
export { createPerson } from './create-person.ts';
export { getPerson } from './get-person.ts';
export { listCitizens, citizenPageSize, type CitizenPage, type CitizenRow } from './list-citizens.ts';
export {
  receiveAddressChange,
  receiveAddressChangeLine,
  type AddressChangeReceipt,
  type AddressChangeStatus,
} from './receive-address-change.ts';
export { decideAddressChange, type AddressChangeInput } from './domain/decide-address-change.ts';
export { residenceHistory, type HistoryEntry, type MoveMessage } from './domain/residence-history.ts';
export { listPersonEvents, type PersonEvent } from './list-person-events.ts';
export {
  anyPersonExists,
  findPersonByCpr,
  findPersonCpr,
  findPersonSummary,
  findResidenceHistory,
  listPersonsDueForReview,
  lockPerson,
  personsDailyRunPart,
  setActingReview,
  upsertPendingResidence,
} from './db/person.repository.ts';
export {
  findActingAt,
  findCurrentActing,
  listActingPeriods,
  requireActing,
  startActingPeriod,
  type ActingPeriod,
} from './db/acting.repository.ts';
export type { NewPersonInput, ResidenceInput, PeriodInput } from './domain/decide-new-person.ts';
export { civilStatuses, type Person, type PersonData, type CivilStatus } from './domain/person.ts';
export { residenceOn, coversDate, describeResidence } from './domain/residence.ts';
export { personView, residenceView, type PersonView } from './person-view.ts';
export { personRoutes, personViewSchema } from './http/person.routes.ts';
export { cprRoutes } from './http/cpr.routes.ts';
export {
  listCprErrors,
  type CprErrorEntry,
  type CprErrorPage,
  type CprErrorQuery,
} from './list-cpr-errors.ts';
export { personPages } from './web/person.pages.ts';
export { correctPersonPath } from './web/correct-person-form.ts';
export { correctPerson, type CorrectPersonInput } from './correct-person.ts';
export {
  actorText,
  civilStatusText,
  countryName,
  countryOptions,
  formatDate,
  looksLikeDate,
  formatInstant,
  municipalityText,
  periodText,
  residenceText,
  yesNo,
} from './web/format.ts';
