import type { Catalogue } from '../catalogue';

export const cli: Catalogue['cli'] = {
  tableFormat: 'The format must be table or csv.',
  exportWhat: 'Choose results or responses.',
  fileFormat: 'The format must be csv or xlsx.',
  dialect: 'The CSV dialect must be vi (; separator, comma decimals, for Vietnamese Excel) or standard.',
  pointsOption: 'Write the scale as group=points, e.g. so_nganh=32 (groups: {groups}).',
  unknownUnits: 'No unit has the code: {codes}.',
  total: 'Total',
};
