export const SESSION_COOKIE = 'cchc.sid';
