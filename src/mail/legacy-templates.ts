import { OLD_VARIABLE_FIELDS } from './templates';

/**
 * The plain template closest to an override stored by an earlier version in EJS (`{ html, text }`), read as text
 * and never run: the common `<%= variable %>` outputs become fields, and "Kính gửi <%= fullName || 'Ông/Bà' %>,"
 * the greeting field. Anything else (conditions, loops, other code) is left in place, so compileTemplate refuses
 * the result with its line and the admin is asked to finish the edit (docs/DOMAIN.md § Mail templates).
 */
export function convertLegacyTemplate(old: { html: string; text: string }): string {
  return old.text
    .replace(/Kính gửi <%[=-]\s*fullName\s*\|\|\s*(['"])Ông\/Bà\1\s*%>,/g, '{loi_chao}')
    .replace(/<%[=-]\s*([\w.()]+?)\s*%>/g, (code, name: string) => {
      const field = OLD_VARIABLE_FIELDS[name];
      return field && field !== 'phieu_khac' ? `{${field}}` : code;
    });
}
