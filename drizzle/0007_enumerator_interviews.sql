CREATE TABLE `enumerator_assignments` (
	`campaign_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`form_type` text NOT NULL,
	`target` integer NOT NULL,
	PRIMARY KEY(`campaign_id`, `user_id`, `unit_id`, `form_type`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_type`) REFERENCES `form_types`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `interview_end_times` (
	`user_id` integer NOT NULL,
	`ended_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `campaigns` ADD `interview_grace_hours` integer DEFAULT 48 NOT NULL;