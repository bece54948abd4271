import type { Catalogue } from '../catalogue';

export const groups: Catalogue['groups'] = {
  so_nganh: 'Provincial departments and agencies',
  ubnd_huyen: 'District People’s Committees',
  dvsn: 'Public service units',
  co_quan_tw: 'Central agencies based in the province',
};
