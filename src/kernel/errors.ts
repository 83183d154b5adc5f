/**
 * The one table from a stable error code to its HTTP status, CLI exit code and Danish title
 * (docs/decisions/0003-errors-as-values.md). Scenario files name these codes in `expect-error`.
 */
export const errorCodes = {
  'ugyldigt-input': { status: 400, exit: 2, title: 'Ugyldigt input' },
  'ugyldigt-cpr': { status: 400, exit: 2, title: 'Ugyldigt CPR-nummer' },
  'ukendt-kommune': { status: 400, exit: 2, title: 'Ukendt kommune' },
  'ukendt-land': { status: 400, exit: 2, title: 'Ukendt landekode' },
  'ugyldig-dato': { status: 400, exit: 2, title: 'Ugyldig dato' },
  'ugyldigt-tidspunkt': { status: 400, exit: 2, title: 'Ugyldigt tidspunkt' },
  'ugyldigt-beloeb': { status: 400, exit: 2, title: 'Ugyldigt beløb' },
  'ugyldig-periode': { status: 422, exit: 3, title: 'Ugyldig periode' },
  'ikke-fundet': { status: 404, exit: 4, title: 'Ikke fundet' },
  'ikke-godkendt': { status: 401, exit: 5, title: 'Ikke logget ind' },
  'ingen-adgang': { status: 403, exit: 5, title: 'Ingen adgang' },
  'ugyldig-csrf': { status: 403, exit: 5, title: 'Formularen kom ikke fra OpenYdelse' },
  'for-mange-forsoeg': { status: 429, exit: 5, title: 'For mange forsøg' },
  'person-findes': { status: 409, exit: 3, title: 'Borgeren findes allerede' },
  'ugyldig-aegtefaelle': { status: 422, exit: 3, title: 'Ugyldig ægtefælle' },
  'ikke-handlekommune': { status: 403, exit: 5, title: 'Kommunen er ikke handlekommune' },
  'samtykke-mangler': { status: 422, exit: 3, title: 'Aftale eller samtykke mangler' },
  'allerede-overdraget': { status: 409, exit: 3, title: 'Handleansvaret er allerede overdraget' },
  konflikt: { status: 409, exit: 3, title: 'Konflikt' },
  'sekvens-konflikt': { status: 409, exit: 3, title: 'Sekvensnummeret er brugt til en anden besked' },
  'har-cpr-abonnement': { status: 409, exit: 3, title: 'Borgeren har CPR-abonnement' },
  'manuel-periode-findes': { status: 409, exit: 3, title: 'Der er allerede en manuel handlekommune' },
  'ingen-manuel-periode': { status: 409, exit: 3, title: 'Der er ingen manuel handlekommune' },
  'ukendt-opgavetype': { status: 400, exit: 2, title: 'Ukendt opgavetype' },
  'ukendt-kategori': { status: 400, exit: 2, title: 'Ukendt opgavekategori' },
  'ukendt-trin': { status: 400, exit: 2, title: 'Ukendt trin' },
  'ukendt-undring': { status: 404, exit: 4, title: 'Ukendt undring' },
  'ikke-ejer': { status: 403, exit: 5, title: 'Opgaven tilhører en anden kommune' },
  'opgave-lukket': { status: 409, exit: 3, title: 'Opgaven er lukket' },
  'trin-ude-af-raekkefoelge': { status: 409, exit: 3, title: 'Trinnet er ikke det aktuelle' },
  'trin-ikke-gennemfoert': { status: 409, exit: 3, title: 'Trinnet er ikke gennemført' },
  'trin-kan-ikke-springes-over': { status: 409, exit: 3, title: 'Trinnet kan ikke springes over' },
  'trin-kan-ikke-genaabnes': {
    status: 409,
    exit: 3,
    title: 'Et trin, der har sendt et brev, kan ikke gøres om',
  },
  'trin-mangler': { status: 409, exit: 3, title: 'Et trin skal gennemføres først' },
  'aaben-undring': { status: 409, exit: 3, title: 'En undring skal behandles først' },
  'obligatorisk-undring': { status: 409, exit: 3, title: 'Obligatorisk undring kan ikke afvises' },
  'undring-lukket': { status: 409, exit: 3, title: 'Undringen er allerede behandlet' },
  'kan-ikke-startes': { status: 409, exit: 3, title: 'Opgavetypen kan ikke startes manuelt' },
  'ikke-forfalden': { status: 409, exit: 3, title: 'Kørslen er ikke forfalden' },
  'ikke-understoettet': { status: 501, exit: 6, title: 'Ikke understøttet endnu' },
  'sats-mangler': { status: 422, exit: 3, title: 'Satsen mangler for perioden' },
  'ugyldige-satser': { status: 422, exit: 3, title: 'Satsfilen er ugyldig' },
  'eksempelsats-ikke-tilladt': { status: 409, exit: 3, title: 'Eksempelsatser bruges kun i demoen' },
  'overlappende-bevilling': { status: 409, exit: 3, title: 'Bevillingen overlapper en anden' },
  'ugyldig-skatteprocent': { status: 400, exit: 2, title: 'Ugyldig trækprocent' },
  'sagen-er-lukket': { status: 409, exit: 3, title: 'Sagen er afsluttet eller afvist' },
  'ydelse-gaelder-ikke': { status: 422, exit: 3, title: 'Ydelsen kan ikke udbetales for perioden' },
  'registrering-mangler': { status: 422, exit: 3, title: 'En nødvendig registrering mangler' },
  'ugyldig-sagsstatus': { status: 409, exit: 3, title: 'Sagen har ikke den status, handlingen kræver' },
  'ingen-udbetaling': { status: 409, exit: 3, title: 'Sagen har ingen udbetalte måneder at genberegne' },
  'for-kort-hoeringsfrist': { status: 422, exit: 2, title: 'Fristen for partshøringen er for kort' },
  'allerede-besvaret': { status: 409, exit: 3, title: 'Partshøringen er allerede besvaret' },
  'afgoerelse-uden-partshoering': {
    status: 422,
    exit: 3,
    title: 'Afgørelsen kræver en partshøring eller en undtagelse med hjemmel',
  },
  'skabelon-felt-mangler': { status: 422, exit: 3, title: 'Brevskabelonen mangler en værdi for et felt' },
  'sanktion-uden-vejledning': {
    status: 422,
    exit: 3,
    title: 'Der er ikke givet skriftlig vejledning om sanktioner før hændelsen',
  },
  'sanktion-for-sen': {
    status: 422,
    exit: 3,
    title: 'Sanktionen kan ikke gennemføres mere end 3 hele kalendermåneder efter hændelsen',
  },
  'hoeringsfrist-ikke-udloebet': {
    status: 409,
    exit: 3,
    title: 'Borgerens frist i partshøringen er ikke udløbet, og borgeren har ikke svaret',
  },
  'negative-timer': { status: 400, exit: 2, title: 'Timetallet kan ikke være negativt' },
  'timer-allerede-registreret': {
    status: 409,
    exit: 3,
    title: 'Der er allerede registreret timer efter 225-timersreglen for måneden',
  },
  'timeregel-ingen-konsekvens': {
    status: 422,
    exit: 3,
    title:
      '225-timersreglen nedsætter ikke hjælpen: kravet er opfyldt, borgeren er undtaget eller ikke omfattet',
  },
  'uden-for-reglens-periode': {
    status: 422,
    exit: 3,
    title: '225-timersreglen gjaldt 1. april 2016 - 30. juni 2025',
  },
} as const satisfies Record<string, { status: number; exit: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** Whether a string is one of the stable error codes. */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}
