import type { Catalogue } from '../catalogue';

export const imports: Catalogue['imports'] = {
  fileEmpty: 'The file contains no data.',
  notTabular:
    'File "{file}" is not a CSV or Excel (.xlsx) file; it may be an image or another file with a renamed extension.',
  notWorkbook: 'File "{file}" is not a valid Excel (.xlsx) workbook: it is damaged or only renamed.',
  notUtf8:
    'The CSV file is not UTF-8 encoded, so Vietnamese text would be garbled. Save it again as "CSV UTF-8 (Comma delimited)" or use an .xlsx file.',
  csvUnreadable: 'Cannot read the CSV file (format error near line {detail}).',
  unsupportedExtension: 'File type "{ext}" is not supported. Please use a .csv or .xlsx file.',
  legacyXls: '.xls files (Excel 97-2003) are not supported. Open the file in Excel and save it as .xlsx.',
  noHeader: 'No header row found in the first {rows} rows of the file. Required columns: {columns}.',
  wrongSheet:
    'No worksheet has a valid header row in its first {rows} rows (checked: {sheets}). Required columns: {columns}.',
  missingColumns: 'The header row lacks required columns: {columns}.',
  required: 'A required value is missing.',
  badEmail: 'Invalid email address: "{value}".',
  unknownUnit: 'Unit code "{value}" is not part of this survey campaign.',
  unknownUnitName: 'Unit "{value}" is not part of this survey campaign (write its code or name as listed).',
  badPoints: 'Points must be a number from 0 to {max} (e.g. 62.5): "{value}".',
  pointsAboveMax: 'Appraised points {value} exceed the maximum {max}.',
  unknownForm: 'Invalid form type: "{value}" (use: {known}).',
  duplicateRow: 'Duplicate of row {row}.',
  duplicateInvitation: 'The person with this email already has a {form} form at row {row}.',
  badDate: 'Invalid date: "{value}" (valid examples: 04/12/2023 or 17:00 04/12/2023).',
  badGroup:
    'Invalid group: "{value}" (use so_nganh, ubnd_huyen, dvsn, co_quan_tw or a group name, e.g. "UBND cấp huyện").',
  badQuota: 'The quota must be a whole number from 0 to {max}: "{value}".',
  sendAfterDeadline: 'The sending date {send} is after the deadline {time}, {date}.',
  answeredUnitKept: 'This person has already answered the {form} form, so that form keeps its previous unit.',
  warnings: {
    deadlinePassed:
      'The deadline {time}, {date} has passed: the unit is imported but no invitation will be sent to it.',
    unitPastDeadline:
      'Unit {unit} is past its deadline ({time}, {date}): {count} invitations are created but will not be sent; extend the unit’s deadline if needed.',
    noQuota:
      'Unit {unit} has no quota for form {form}: {count} invitations of this form are created anyway; check the form type or the quota.',
    formAlreadyListed:
      'The person with this email already has a {form} form at row {row}: this row only adds the {added} form.',
    sameName:
      "{email} ({name}) has the same full name as {existing}, already listed for unit {unit}: this row is imported as a new person and {existing} keeps its address and link. If this is the same person at a new address, remove the row from the file and correct the address in the unit's list instead.",
  },
  asWritten: '{text}',
  alreadyCommitted: 'This file has already been imported.',
  uploadNotFound: 'The uploaded file was not found.',
  unusableUpload:
    'This file cannot be used, so nothing can be written; correct the file and upload it again.',
  limits: {
    rows: 'The file has more than {limit} rows (blank rows included). Delete the blank rows at the end of the table, or split the list into smaller files and import them one after another.',
    cells:
      'The file has more than {limit} cells. Delete the columns and rows that are not imported (formatted blank cells included), or split the list into smaller files.',
    rowChars:
      'Row {row} of the file is longer than {limit} characters. Check this row (a whole document may have been pasted into a cell), correct it and upload the file again.',
    textChars:
      'The imported columns hold more than {limit} characters in all. Split the list into smaller files and import them one after another.',
    contentBytes:
      'The file’s content is larger than {limit} MB (for an .xlsx file, once uncompressed). Delete the worksheets, columns and rows that are not imported, or split the list into smaller files.',
    sheets:
      'The workbook has more than {limit} worksheets. Copy the list to import into a new file with that worksheet only.',
    sharedStrings:
      'The workbook has more than {limit} distinct texts. Delete the worksheets and columns that are not imported, or split the list into smaller files.',
    sharedStringChars:
      'The text in the workbook’s cells is longer than {limit} characters in all. Delete the worksheets and columns that are not imported, or split the list into smaller files.',
    parserHeapMb:
      'Reading this file needs more than {limit} MB of memory. Delete the worksheets, columns and rows that are not imported, or split the list into smaller files.',
  },
  report: {
    file: 'File: {file}',
    sheet: 'Worksheet: {sheet}',
    header: 'Header row: row {row}',
    rows: 'Data rows: {total}, valid: {valid}, with errors: {invalid}',
    errorsTitle: 'Errors ({count}):',
    warningsTitle: 'To check ({count}), these rows are imported all the same:',
    error: '  Row {row}{column}: {message}',
    moreErrors: '  ... and {count} more errors',
    omitted: '  {count} more rows{column}: {message}',
    unusable: 'This file cannot be imported.',
    wouldDo: 'With --commit: {created} new, {updated} updated, {unchanged} unchanged',
    did: 'Written: {created} new, {updated} updated, {unchanged} unchanged',
    invitations: '; new invitations: {count}',
    dryRunHint: 'This was a dry run; nothing was written. Add --commit to write the valid rows.',
  },
  progress: {
    columns: 'Code|Unit|Form type|Quota|Invited|Sent|Bounced|Answered|% of quota',
    empty: 'The survey campaign has no units or quotas yet.',
    unknownUnit: 'No unit with code "{code}" in this survey campaign.',
  },
  demo: {
    created: 'Created demo survey campaign #{id}: {name} (open)',
    counts:
      '{units} units in 4 groups, {people} surveyed people, {invitations} invitations; send dates and deadlines in November–December {year}.',
    hint: 'See progress: npm run cli -- progress --campaign {id}    Start the web app: npm start',
  },
};
