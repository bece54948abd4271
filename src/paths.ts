import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root, the nearest folder above this module that holds package.json: the same folder whether
 * this runs compiled (dist/paths.js), as source under tsx or jest (src/paths.ts), or inside the bench's build.
 */
export const projectRoot = findProjectRoot(__dirname);
export const viewsDir = path.join(projectRoot, 'views');
export const publicDir = path.join(projectRoot, 'public');
export const migrationsDir = path.join(projectRoot, 'drizzle');

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
