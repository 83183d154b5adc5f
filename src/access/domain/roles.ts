/**
 * The roles a user or a service client may hold. A user's roles come from the identity provider's token
 * (or the local sign-in for the demo); a service client's from the configuration of its client id.
 */
export const userRoles = ['sagsbehandler', 'supportberettiget', 'systemansvarlig', 'laeseadgang'] as const;
export type UserRole = (typeof userRoles)[number];

/** Integrations: the CPR feed, and the pickup of outbound payment files. */
export const serviceRoles = ['cpr-integration', 'udbetalingsfiler'] as const;
export type ServiceRole = (typeof serviceRoles)[number];

export const roleLabels: Readonly<Record<UserRole | ServiceRole, string>> = {
  sagsbehandler: 'Sagsbehandler',
  supportberettiget: 'Supportberettiget',
  systemansvarlig: 'Systemansvarlig',
  laeseadgang: 'Læseadgang',
  'cpr-integration': 'CPR-integration',
  udbetalingsfiler: 'Afhentning af udbetalingsfiler',
};

export const isUserRole = (value: string): value is UserRole =>
  (userRoles as readonly string[]).includes(value);
export const isServiceRole = (value: string): value is ServiceRole =>
  (serviceRoles as readonly string[]).includes(value);
