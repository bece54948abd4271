import fs from 'node:fs';
import path from 'node:path';
import { viewsDir } from '../../src/paths';

function ejsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ejsFiles(full);
    return entry.name.endsWith('.ejs') ? [full] : [];
  });
}

describe('views', () => {
  // ejs checks that a relative include exists on every render; one from the views root it resolves directly.
  it('include other views from the views root, and every include exists', () => {
    const includes = ejsFiles(viewsDir).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/include\(\s*['"]([^'"]+)['"]/g)].map((m) => ({
        file: path.relative(viewsDir, file),
        target: m[1]!,
      })),
    );
    expect(includes.length).toBeGreaterThan(30);
    expect(includes.filter((i) => !i.target.startsWith('/'))).toEqual([]);
    expect(includes.filter((i) => !fs.existsSync(path.join(viewsDir, `${i.target}.ejs`)))).toEqual([]);
  });
});
