import type { Message } from '../i18n/messages';

export const IMPORT_KINDS = ['units', 'respondents', 'points'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A cell as read: CSV gives strings; XLSX may give numbers, booleans and dates (UTC midnight = the calendar day). */
export type CellValue = string | number | boolean | Date | null;

/**
 * One problem, located as the user sees the file: 1-based sheet row / CSV line (0 = the file itself). Its
 * message is a catalogue key with its values, put into words in the reader's language when shown (problemText).
 */
export type ImportProblem = Message & { row: number; column?: string };

/** Problems of one kind (key and column) past those a report lists in full: how many there were. */
export type ProblemCount = Message & { column?: string; count: number };

export type ImportSummary = {
  created: number;
  updated: number;
  unchanged: number;
  invitationsCreated?: number;
};

/** What a dry run found (and what committing would do), or what a commit did. */
export type ImportReport = {
  kind: ImportKind;
  fileName: string;
  sheetName?: string;
  /** False when the file itself cannot be used (not CSV/XLSX, empty, no header): nothing can be imported. */
  usable: boolean;
  headerRow: number;
  totalRows: number;
  validRows: number;
  errors: ImportProblem[];
  /** Rows imported all the same, with something to check (a past deadline, a form type without a quota). */
  warnings: ImportProblem[];
  /** Errors and warnings past the first IMPORT_LIMITS.problemsListed of each list; absent when none were. */
  omitted?: { errors: ProblemCount[]; warnings: ProblemCount[] };
  summary: ImportSummary;
};

export type ImportInput = { campaignId: number; kind: ImportKind; filePath: string; fileName: string };
