CREATE TABLE `index_points` (
	`campaign_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`appraised` real NOT NULL,
	`appraised_max` real,
	PRIMARY KEY(`campaign_id`, `unit_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `report_settings` (
	`campaign_id` integer PRIMARY KEY NOT NULL,
	`survey_points` text NOT NULL,
	`superior` text DEFAULT '' NOT NULL,
	`issuer` text DEFAULT '' NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`recipients` text DEFAULT '' NOT NULL,
	`signer_title` text DEFAULT '' NOT NULL,
	`signer_name` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
