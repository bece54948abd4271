import type { Db } from '../db/client';
import { normalizeKey } from './normalize-key';
import type { Parsed } from './cell-values';
import type { CellValue } from './types';
import { cellText } from './cell-values';

// Names people write for the two standard forms, beyond the code and the name in the form_types table.
const SYNONYMS: Record<string, string[]> = {
  cbcc: ['cbccvc', 'cbcc vc', 'lãnh đạo, công chức, viên chức', 'công chức, viên chức', 'công chức'],
  hdnd: ['đại biểu HĐND', 'đại biểu hội đồng nhân dân', 'hội đồng nhân dân', 'đbhđnd'],
};

export type FormTypeMatcher = {
  codes: string[];
  known: string;
  parse(value: CellValue | undefined): Parsed<string[]>;
};

/**
 * Reads a "loại phiếu" cell against the form_types table: codes or names, several separated by `;` or `,`
 * ("cbcc,hdnd"). Names themselves contain commas ("Lãnh đạo, công chức, viên chức"), so comma-separated
 * pieces are joined greedily, longest match first. Only the form types answered by invitation: the open ones
 * (citizens, organisations) have no list of people (docs/DOMAIN.md § Open links).
 */
export function loadFormTypeMatcher(db: Db): FormTypeMatcher {
  const sql = "select code, name from form_types where channel = 'invitation' order by sort_order";
  const rows = db.$client.prepare(sql).all() as {
    code: string;
    name: string;
  }[];
  const byKey = new Map<string, string>();
  for (const { code, name } of rows) {
    for (const text of [code, name, ...(SYNONYMS[code] ?? [])]) {
      const key = normalizeKey(text);
      byKey.set(key, code);
      byKey.set(key.replace(/^phieu(khaosat)?/, ''), code);
    }
  }
  const match = (text: string) => {
    const key = normalizeKey(text);
    return byKey.get(key) ?? byKey.get(key.replace(/^phieu(khaosat)?/, ''));
  };
  // A file repeats the same few spellings on every row: each is read once.
  const cache = new Map<string, Parsed<string[]>>();
  const parse = (value: CellValue | undefined): Parsed<string[]> => {
    const text = cellText(value);
    let parsed = cache.get(text);
    if (!parsed) cache.set(text, (parsed = parseText(text)));
    return parsed;
  };
  const parseText = (text: string): Parsed<string[]> => {
    if (text === '') return { ok: false, reason: 'required' };
    const found: string[] = [];
    for (const part of text.split(';')) {
      const pieces = part.split(',');
      let i = 0;
      while (i < pieces.length) {
        if (pieces[i]!.trim() === '') {
          i++;
          continue;
        }
        let j = pieces.length;
        let code: string | undefined;
        for (; j > i && !code; j--) code = match(pieces.slice(i, j).join(','));
        if (!code) return { ok: false, reason: 'unknownForm' };
        if (!found.includes(code)) found.push(code);
        i = j + 1;
      }
    }
    return found.length > 0 ? { ok: true, value: found } : { ok: false, reason: 'required' };
  };
  const codes = rows.map((r) => r.code);
  return { codes, known: codes.join(', '), parse };
}
