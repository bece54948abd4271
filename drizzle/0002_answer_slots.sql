CREATE TABLE `answered_counts` (
	`campaign_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`answered` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`campaign_id`, `unit_id`, `form_type`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `response_slots` (
	`id` integer PRIMARY KEY NOT NULL,
	`campaign_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`capacity` integer NOT NULL,
	`slot` integer NOT NULL,
	`filled` integer DEFAULT 0 NOT NULL,
	`content` blob NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_type`) REFERENCES `form_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `response_slots_pool` ON `response_slots` (`campaign_id`,`unit_id`,`form_type`,`capacity`,`slot`);--> statement-breakpoint
-- The old tables' pages keep the order in which answers arrived: openDb moves their rows into slots
-- (src/responses/legacy-responses.ts), drops them and rewrites the file.
DROP INDEX `response_answers_tally`;--> statement-breakpoint
DROP INDEX `responses_counts`;--> statement-breakpoint
ALTER TABLE `response_answers` RENAME TO `legacy_response_answers`;--> statement-breakpoint
ALTER TABLE `responses` RENAME TO `legacy_responses`;--> statement-breakpoint
DROP INDEX `invitations_counts`;--> statement-breakpoint
ALTER TABLE `invitations` ADD `answered_day` text DEFAULT '0000-00-00' NOT NULL;--> statement-breakpoint
ALTER TABLE `invitations` ADD `answered_on` text GENERATED ALWAYS AS (nullif(answered_day, '0000-00-00')) VIRTUAL;--> statement-breakpoint
-- Only the Vietnam day (UTC+7, no daylight saving) of when a link was used is kept.
UPDATE `invitations` SET `answered_day` = strftime('%Y-%m-%d', `answered_at` / 1000, 'unixepoch', '+7 hours')
WHERE `answered_at` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `invitations_counts` ON `invitations` (`campaign_id`,`unit_id`,`form_type`,`delivery_status`);--> statement-breakpoint
ALTER TABLE `invitations` DROP COLUMN `answered_at`;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `min_group_size` integer DEFAULT 5 NOT NULL;
--> statement-breakpoint
INSERT INTO `answered_counts` (`campaign_id`, `unit_id`, `form_type`, `answered`)
SELECT `campaign_id`, `unit_id`, `form_type`, count(*) FROM `invitations` WHERE `answered_day` <> '0000-00-00'
GROUP BY `campaign_id`, `unit_id`, `form_type`;--> statement-breakpoint
-- answered_counts follows every change of an invitation, whatever code or tool makes it.
CREATE TRIGGER `answered_counts_insert` AFTER INSERT ON `invitations` WHEN new.`answered_day` <> '0000-00-00'
BEGIN
  INSERT INTO `answered_counts` (`campaign_id`, `unit_id`, `form_type`, `answered`)
  VALUES (new.`campaign_id`, new.`unit_id`, new.`form_type`, 1)
  ON CONFLICT DO UPDATE SET `answered` = `answered` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `answered_counts_delete` AFTER DELETE ON `invitations` WHEN old.`answered_day` <> '0000-00-00'
BEGIN
  UPDATE `answered_counts` SET `answered` = `answered` - 1
  WHERE `campaign_id` = old.`campaign_id` AND `unit_id` = old.`unit_id` AND `form_type` = old.`form_type`;
END;--> statement-breakpoint
CREATE TRIGGER `answered_counts_update` AFTER UPDATE OF `answered_day`, `campaign_id`, `unit_id`, `form_type` ON `invitations`
WHEN old.`answered_day` <> new.`answered_day` OR old.`campaign_id` <> new.`campaign_id`
  OR old.`unit_id` <> new.`unit_id` OR old.`form_type` <> new.`form_type`
BEGIN
  UPDATE `answered_counts` SET `answered` = `answered` - 1
  WHERE old.`answered_day` <> '0000-00-00'
    AND `campaign_id` = old.`campaign_id` AND `unit_id` = old.`unit_id` AND `form_type` = old.`form_type`;
  INSERT INTO `answered_counts` (`campaign_id`, `unit_id`, `form_type`, `answered`)
  SELECT new.`campaign_id`, new.`unit_id`, new.`form_type`, 1 WHERE new.`answered_day` <> '0000-00-00'
  ON CONFLICT DO UPDATE SET `answered` = `answered` + 1;
END;
