CREATE TABLE `open_check_counts` (
	`campaign_id` integer NOT NULL,
	`key` blob NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `key`, `window_start`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `open_check_secrets` (
	`campaign_id` integer PRIMARY KEY NOT NULL,
	`secret` blob NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `open_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`unit_id` integer,
	`form_type` text NOT NULL,
	`code` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_type`) REFERENCES `form_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `open_links_code_unique` ON `open_links` (`code`);--> statement-breakpoint
CREATE INDEX `open_links_campaign` ON `open_links` (`campaign_id`,`unit_id`,`form_type`);--> statement-breakpoint
CREATE TABLE `open_used_nonces` (
	`campaign_id` integer NOT NULL,
	`nonce_hash` blob NOT NULL,
	`expires_hour` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `nonce_hash`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `open_min_seconds` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `open_address_hourly_limit` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `open_same_answers_limit` integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `open_same_minutes` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `form_types` ADD `channel` text DEFAULT 'invitation' NOT NULL;--> statement-breakpoint
-- The open form types (docs/DOMAIN.md § Open links): citizens, and organisations and businesses.
INSERT INTO `form_types` (`code`, `name`, `description`, `sort_order`, `channel`) VALUES
	('nguoi_dan', 'Phiếu người dân', 'Dành cho người dân đến giải quyết thủ tục hành chính', 3, 'open'),
	('to_chuc', 'Phiếu tổ chức, doanh nghiệp', 'Dành cho tổ chức, doanh nghiệp đến giải quyết thủ tục hành chính', 4, 'open');
