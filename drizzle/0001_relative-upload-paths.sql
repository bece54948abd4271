-- Staged import files are recorded relative to the data directory (uploads/<id>.<ext>): an absolute path
-- made a purge run on a restored copy delete the live instance's files. The file name is kept; the folder
-- part of an older absolute path is dropped (the basename is what follows the last '/').
UPDATE `import_uploads`
SET `stored_path` = 'uploads/' || replace(`stored_path`, rtrim(`stored_path`, replace(`stored_path`, '/', '')), '')
WHERE `stored_path` LIKE '/%';
