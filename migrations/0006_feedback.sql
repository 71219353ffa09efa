CREATE TABLE `feedback_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`share_id` text NOT NULL,
	`page` text NOT NULL,
	`anchor` text NOT NULL,
	`text` text NOT NULL,
	`name` text,
	`created_at` integer NOT NULL,
	`version` integer NOT NULL,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE INDEX `feedback_comments_share` ON `feedback_comments` (`share_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `feedback_errors` (
	`share_id` text NOT NULL,
	`group_key` text NOT NULL,
	`kind` text NOT NULL,
	`message` text NOT NULL,
	`source` text,
	`page` text NOT NULL,
	`count` integer NOT NULL,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL,
	`browsers` text NOT NULL,
	PRIMARY KEY(`share_id`, `group_key`)
);
--> statement-breakpoint
CREATE TABLE `feedback_missing` (
	`share_id` text NOT NULL,
	`path` text NOT NULL,
	`count` integer NOT NULL,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL,
	PRIMARY KEY(`share_id`, `path`)
);
--> statement-breakpoint
CREATE TABLE `feedback_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`comment_id` text NOT NULL,
	`share_id` text NOT NULL,
	`text` text NOT NULL,
	`name` text,
	`by_owner` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `feedback_replies_share` ON `feedback_replies` (`share_id`,`comment_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `shares` ADD `feedback` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `shares` ADD `live` integer DEFAULT false NOT NULL;