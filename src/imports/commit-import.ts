import { z } from 'zod';
import { asyncCommand } from '../command';
import { readImport, writeImport } from './run-import';
import { IMPORT_KINDS } from './types';

const fileImport = z.object({
  campaignId: z.coerce.number().int().positive(),
  kind: z.enum(IMPORT_KINDS),
  filePath: z.string().min(1),
  fileName: z.string().min(1),
});

/**
 * Imports the valid rows of a units or respondents file at once (the command line, the demo): the file is read
 * and checked, then its rows are written and the import audited in one transaction (invalid rows are reported
 * and skipped). Done with the report, which says when the file could not be used (then nothing was written).
 */
export const commitImport = asyncCommand(fileImport, async ({ db, actor, now }, input) =>
  writeImport(db, await readImport(db, input, now), input.campaignId, actor, now),
);
