/** Stable English error codes shared by the engine and clients (clients may branch on them). */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'OUT_OF_SCOPE',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'RATE_LIMITED',
  'NO_SEAT_PROFILE',
  'INVALID_STATE',
  'OFFER_GONE',
  'CONVERSATION_ENDED',
  'ALREADY_EVALUATED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
