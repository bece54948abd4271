import type { Catalogue } from '../catalogue';

export const cli: Catalogue['cli'] = {
  tableFormat: 'The format must be table or csv.',
  exportWhat: 'Choose results or responses.',
  fileFormat: 'The format must be csv or xlsx.',
  unknownUnits: 'No unit has the code: {codes}.',
  total: 'Total',
};
