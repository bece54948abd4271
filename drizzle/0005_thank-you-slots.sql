-- Thank-you mails wait in fixed-size slots written in place (src/mail/thank-you-slots.ts). Those an earlier
-- release queued in mail_outbox are still delivered from there, then deleted (src/mail/outbox.ts).
CREATE TABLE `thank_you_slots` (
	`id` integer PRIMARY KEY NOT NULL,
	`capacity` integer NOT NULL,
	`slot` integer NOT NULL,
	`filled` integer DEFAULT 0 NOT NULL,
	`state` blob NOT NULL,
	`mail` blob NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `thank_you_slots_pool` ON `thank_you_slots` (`capacity`,`slot`);
