import type { Catalogue } from '../catalogue';

export const ops: Catalogue['ops'] = {
  backupOntoItself: 'Cannot back up onto the database in use ({file}). Please choose another file.',
  backupDone: 'Backed up {pages} pages ({bytes} bytes) to {file}',
  backupMissing: 'Backup file "{file}" not found.',
  fileNotFound: 'File or folder "{file}" not found.',
  fileNotAllowed: 'No permission to read or write "{file}".',
  fileIsDirectory: '"{file}" is a folder, not a file.',
  fileError: 'Could not read or write "{file}" ({code}).',
  notADatabase: 'File "{file}" is not a valid SQLite database, so it cannot be used for a restore.',
  notCchcDatabase:
    'File "{file}" is an SQLite database but not one of the CCHC survey system (the migrations table is missing).',
  backupCorrupt: 'File "{file}" is damaged (integrity check failed): {detail}',
  targetExists:
    'Database "{file}" already exists. Stop the server and run again with --force to overwrite it with the backup.',
  targetInUse:
    'Database "{file}" is open in another process (is the server still running?). Stop the server before restoring.',
  alreadyServed: 'Another server is already running on database "{file}": not starting a second one.',
  restoreDone: 'Restored {file} ({bytes} bytes) from the backup. Restart the server to use it.',
};
