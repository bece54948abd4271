CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`campaign_id` integer,
	`detail` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `campaign_units` (
	`campaign_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`send_on` text,
	`deadline_at` integer,
	PRIMARY KEY(`campaign_id`, `unit_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`year` integer NOT NULL,
	`mail_subject` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`opens_at` integer,
	`closes_at` integer,
	`closed_at` integer,
	`reminder_days_before` integer,
	`mail_templates` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `form_definitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`form_type`) REFERENCES `form_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `form_definitions_campaign_type_version` ON `form_definitions` (`campaign_id`,`form_type`,`version`);--> statement-breakpoint
CREATE TABLE `form_types` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `import_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`campaign_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`stored_path` text NOT NULL,
	`report` text,
	`created_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`committed_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`respondent_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`token` text NOT NULL,
	`delivery_status` text DEFAULT 'not_sent' NOT NULL,
	`delivery_detail` text,
	`sent_at` integer,
	`answered_at` integer,
	`reminded_at` integer,
	`reminder_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`respondent_id`) REFERENCES `respondents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_type`) REFERENCES `form_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_unique` ON `invitations` (`token`);--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_person_form` ON `invitations` (`campaign_id`,`respondent_id`,`form_type`);--> statement-breakpoint
CREATE INDEX `invitations_counts` ON `invitations` (`campaign_id`,`unit_id`,`form_type`,`delivery_status`,`answered_at`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer,
	`invitation_id` integer,
	`batch_id` text,
	`kind` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text_body` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`locked_at` integer,
	`last_error` text,
	`sent_at` integer,
	`message_id` text,
	`eml_path` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_due` ON `mail_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_outbox_batch` ON `mail_outbox` (`batch_id`,`status`);--> statement-breakpoint
CREATE TABLE `respondents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`email` text NOT NULL,
	`full_name` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `respondents_campaign_email` ON `respondents` (`campaign_id`,`email`);--> statement-breakpoint
CREATE TABLE `response_answers` (
	`response_id` text NOT NULL,
	`campaign_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`question_id` text NOT NULL,
	`option_index` integer NOT NULL,
	`text_value` text,
	PRIMARY KEY(`response_id`, `question_id`, `option_index`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `response_answers_tally` ON `response_answers` (`campaign_id`,`form_type`,`unit_id`,`question_id`,`option_index`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`definition_version` integer NOT NULL,
	`submitted_on` text NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_type`) REFERENCES `form_types`(`code`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `responses_counts` ON `responses` (`campaign_id`,`unit_id`,`form_type`,`definition_version`);--> statement-breakpoint
CREATE TABLE `revoked_tokens` (
	`token` text PRIMARY KEY NOT NULL,
	`invitation_id` integer NOT NULL,
	`revoked_at` integer NOT NULL,
	FOREIGN KEY (`invitation_id`) REFERENCES `invitations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `score_snapshots` (
	`campaign_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`definition_version` integer NOT NULL,
	`received` integer NOT NULL,
	`quota` integer NOT NULL,
	`max_points` real NOT NULL,
	`raw` real NOT NULL,
	`final` real NOT NULL,
	`reduction` real NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `unit_id`, `form_type`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_type`) REFERENCES `form_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `unit_quotas` (
	`campaign_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`quota` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `unit_id`, `form_type`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_type`) REFERENCES `form_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`group` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_code_unique` ON `units` (`code`);--> statement-breakpoint
CREATE TABLE `user_units` (
	`user_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `unit_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`email` text,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`disabled_at` integer,
	`password_changed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
INSERT INTO `form_types` (`code`, `name`, `description`, `sort_order`) VALUES
	('cbcc', 'Phiếu lãnh đạo, công chức, viên chức', 'Dành cho lãnh đạo, công chức, viên chức của cơ quan, đơn vị, địa phương', 1),
	('hdnd', 'Phiếu đại biểu HĐND', 'Dành cho đại biểu Hội đồng nhân dân cấp tỉnh, cấp huyện', 2);
