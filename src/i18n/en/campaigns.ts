import type { Catalogue } from '../catalogue';

export const campaignStatus: Catalogue['campaignStatus'] = { draft: 'Draft', open: 'Open', closed: 'Closed' };

export const campaigns: Catalogue['campaigns'] = {
  notFound: 'Survey campaign not found.',
  alreadyClosed: 'The survey campaign has already been closed.',
  purgeNeedsClosed: 'The list of surveyed people can only be deleted after the campaign has been closed.',
  deleteOnlyDraft:
    'Only a campaign that was never opened can be deleted. Once opened (invitations may have gone out), close it, then delete its personal data if needed.',
  unitStatus: {
    reached: 'Quota reached',
    behind: 'Behind',
    listShort: 'Cannot reach: list too short',
    overdue: 'Overdue',
  },
  listShort: 'List of {listed} people < quota of {quota}: add {missing} people',
  listShortOf: '{form}: list of {listed} people < quota of {quota}: add {missing} people',
  listOfQuota: 'List of {listed} people · quota {quota}',
  missingAnswers: '{n} forms short',
  daysLeft: '{n} days left',
  noQuota: 'No quota set',
};
