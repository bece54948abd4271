import path from 'node:path';

/** The repository root: views/, drizzle/ and data/ are found from here whether run by tsx or jest. */
export const projectRoot = path.resolve(__dirname, '..');
export const viewsDir = path.join(projectRoot, 'views');
export const publicDir = path.join(projectRoot, 'public');
export const migrationsDir = path.join(projectRoot, 'drizzle');
