import type { Catalogue } from '../catalogue';

export const mail: Catalogue['mail'] = {
  defaultSender: 'Department of Home Affairs',
  campaignNotFound: 'Survey campaign not found.',
  campaignDraft: 'The campaign is a draft: open it before sending invitations.',
  campaignClosed: 'The campaign has been closed: invitations and reminders can no longer be sent.',
  pastDeadline:
    'The unit’s answer deadline has passed ({deadline}): the survey link no longer takes answers, so no mail can be sent again.',
  invitationNotFound: 'Invitation not found.',
  alreadyAnswered: 'This person has already answered the survey form; the invitation is not sent again.',
  invalidEmail: 'Email address "{email}" is not valid.',
  emailTaken:
    "Address {email} already belongs to another person in this survey campaign. If it really is the same person (for instance, the address was corrected at another unit), ask an administrator (Department of Home Affairs) to correct it so that this person's forms are joined.",
  messageNotFound: 'Message not found in the outbox.',
  templateInvalid: 'Mail template "{kind}" has errors and was not saved:',
  template: {
    empty: 'The mail text is empty.',
    tooLong: 'The mail text is longer than {max} characters.',
    code: 'Line {line}: templates are no longer written in EJS; replace “{code}” with a field from the list, e.g. {ho_ten}.',
    unknownField: 'Line {line}: there is no field {field} (see the list of fields you can use).',
    unknownFieldHint: 'Line {line}: there is no field {field}; did you mean {suggestion}?',
    ownLine: 'Line {line}: the field {field} must stand alone on its line.',
    linkRequired: {
      invitation: 'An invitation needs the field {field} (the recipient’s own survey link).',
      reminder: 'A reminder needs the field {field} (the recipient’s own survey link).',
    },
  },
  openForm: 'Open the survey form',
  copyLink: 'If the button does not open, copy this link into your browser:',
  othersIntro: {
    invitation: 'You belong to several surveyed groups; please answer every form:',
    reminder: 'You also have another form still to answer:',
    thank_you: 'You still have a form to answer; please complete it:',
  },
  personalDataNotice:
    '{sender} uses this email address (provided by your unit) only to send the survey forms and confirmations of this survey campaign.',
  unitNotFound: 'No unit with code {code} in the survey campaign.',
  formNeedsUnit: 'A reminder for one form type (--form) is a unit’s reminder: add --unit <unit code>.',
  kinds: { invitation: 'Invitation', reminder: 'Reminder', thank_you: 'Thank-you', other: 'Other' },
  outboxStatus: {
    queued: 'Queued',
    sending: 'Sending',
    sent: 'Sent',
    failed: 'Failed',
    bounced: 'Bounced',
  },
  deliveryStatus: {
    not_sent: 'Not sent',
    queued: 'Queued',
    sent: 'Sent',
    failed: 'Failed',
    bounced: 'Bounced',
    answered: 'Answered',
  },
  queued: 'Queued {count} messages for sending.',
  progress: 'Sent {sent}/{total} (waiting {waiting}, failed {failed}, bounced {bounced}).',
  retried: 'Requeued {count} failed messages.',
  expedited: 'Moved {count} messages waiting for a retry (after a temporary error) to send now.',
  alreadyQueued: 'The campaign still has {count} messages queued earlier and not yet sent; sending them too.',
  waitStopped:
    'Could not send {count} messages (temporary error: "{error}"). They stay in ' +
    'the outbox, nothing is lost: the web server (npm start) retries them in a few minutes; or, once the mail ' +
    'server is back, run this command again with --wait (or "outbox retry --campaign {campaign}") to send now.',
  outboxTitle: 'Outbox',
  lastFailures: 'Latest failures',
  noFailures: 'No failed messages.',
  failure: {
    mailboxUnknown: 'Mailbox does not exist',
    domainUnknown: 'Domain does not exist',
    mailboxFull: 'Mailbox full',
    policy: 'Refused by the mail server',
    rejected: 'Returned by the mail server',
    temporary: 'Temporary error — will be retried',
    connection: 'Could not reach the mail server',
    tls: 'Secure connection (TLS) to the mail server failed',
    auth: 'The mail server refused the sending account',
    other: 'Other error',
  },
  failureAdvice: {
    mailboxUnknown:
      'The address is wrong or was deleted: ask the person for the right one and fix the address.',
    domainUnknown: 'The part after @ is wrong (e.g. gmail.con): check and fix the address.',
    mailboxFull: 'Ask the person to clear their mailbox and resend, or fix the address to another one.',
    policy:
      "The recipient's server blocks the mail (policy or spam filter): use another address or tell the Department.",
    rejected: 'Use another address of this person or tell the Department.',
    temporary: 'Nothing to do: the system retries in a few minutes.',
    connection: 'A problem of the sending server, not of the address: tell the administrator.',
    tls: 'A problem of the sending server, not of the address: ask the administrator to check its TLS settings.',
    auth: 'A problem of the sending server, not of the address: ask the administrator to check the SMTP account.',
    other: 'Tell the administrator if it happens again.',
  },
  failureDetail: 'details',
};
