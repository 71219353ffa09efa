CREATE TABLE `allow_codes` (
	`share_id` text NOT NULL,
	`address` text NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`share_id`, `address`)
);
--> statement-breakpoint
CREATE INDEX `allow_codes_expires` ON `allow_codes` (`expires_at`);--> statement-breakpoint
CREATE TABLE `allow_viewers` (
	`share_id` text NOT NULL,
	`address` text NOT NULL,
	`entry` text NOT NULL,
	`code_sent_at` integer,
	`first_opened_at` integer,
	`last_opened_at` integer,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`share_id`, `address`)
);
--> statement-breakpoint
ALTER TABLE `shares` ADD `allow_list` text;--> statement-breakpoint
ALTER TABLE `shares` ADD `allow_version` integer DEFAULT 0 NOT NULL;