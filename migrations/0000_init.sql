CREATE TABLE `blobs` (
	`share_id` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`share_id`, `sha256`)
);
--> statement-breakpoint
CREATE TABLE `files` (
	`share_id` text NOT NULL,
	`version` integer NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`content_type` text NOT NULL,
	PRIMARY KEY(`share_id`, `version`, `path`)
);
--> statement-breakpoint
CREATE INDEX `files_share_sha` ON `files` (`share_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `shares` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_token_hash` text NOT NULL,
	`state` text NOT NULL,
	`current_version` integer,
	`title` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE INDEX `shares_state_updated` ON `shares` (`state`,`updated_at`);--> statement-breakpoint
CREATE TABLE `versions` (
	`share_id` text NOT NULL,
	`number` integer NOT NULL,
	`state` text NOT NULL,
	`entry` text NOT NULL,
	`file_count` integer NOT NULL,
	`bytes` integer NOT NULL,
	`base_version` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`share_id`, `number`)
);
--> statement-breakpoint
CREATE INDEX `versions_state_created` ON `versions` (`state`,`created_at`);