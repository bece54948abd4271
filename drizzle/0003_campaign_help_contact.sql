ALTER TABLE `campaigns` ADD `contact_phone` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `contact_email` text;