/**
 * The addresses of the case-side forms: creating a case, a standing deduction or a registration for a
 * citizen (addressed by the person's id, never the CPR number), correcting or ending a registration, and
 * writing a journal note or adding a document on a case. The borgeroverblik and the case page link to them.
 */

/** "Opret sag" for the citizen. */
export const newCasePath = (personId: string): string => `/borgere/${personId}/sager/ny`;

/** "Registrer træk" for the citizen. */
export const newDeductionPath = (personId: string): string => `/borgere/${personId}/traek/ny`;

/** "Registrer oplysning" for the citizen: the kinds to choose from and the standing registrations. */
export const newRegistrationPath = (personId: string): string => `/borgere/${personId}/registreringer/ny`;

/** "Ret registrering": the standing registration corrected, as one of the citizen's. */
export const correctRegistrationPath = (personId: string, registrationId: string): string =>
  `/borgere/${personId}/registreringer/${registrationId}/ret`;

/** "Afslut registrering": the standing registration given a last day, as one of the citizen's. */
export const endRegistrationPath = (personId: string, registrationId: string): string =>
  `/borgere/${personId}/registreringer/${registrationId}/afslut`;

/** Where the case page's "Skriv journalnotat" form posts. */
export const journalNotesPath = (caseId: string): string => `/sager/${caseId}/journalnotater`;

/** Where the case page's "Tilføj dokument" form posts (multipart/form-data). */
export const caseDocumentsPath = (caseId: string): string => `/sager/${caseId}/dokumenter`;
