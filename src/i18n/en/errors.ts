import type { Catalogue } from '../catalogue';

export const errors: Catalogue['errors'] = {
  notFoundTitle: 'Page not found',
  notFound: 'The page you are looking for does not exist or has been moved.',
  invalidField: 'This value is not valid; please check it.',
  forbiddenTitle: 'Access denied',
  forbidden: 'Your account is not allowed to view this page.',
  internalTitle: 'An error occurred',
  internal:
    'The system ran into an unexpected problem. Data you submitted earlier has not been lost; please try again in a few minutes.',
  badRequestTitle: 'Invalid request',
  badRequest:
    'The data sent is not valid: a field was sent more than once, is too long or has the wrong type. Please reload the page, fill it in and send it again.',
  payloadTooLarge: 'The data sent is too large.',
  rateLimited: 'Too many attempts in a short time. Please wait a moment and try again.',
  csrf: 'This form has expired. Please reload the page and submit it again.',
  busyTitle: 'The system is busy',
  busy: 'The system is busy; please try again in a few seconds. Your data has not been recorded yet.',
  backHome: 'Back to home page',
};
