CREATE TABLE `view_days` (
	`share_id` text NOT NULL,
	`day` text NOT NULL,
	`views` integer NOT NULL,
	`unique_visitors` integer NOT NULL,
	`last_viewed_at` integer NOT NULL,
	PRIMARY KEY(`share_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `view_referrers` (
	`share_id` text NOT NULL,
	`host` text NOT NULL,
	`views` integer NOT NULL,
	PRIMARY KEY(`share_id`, `host`)
);
--> statement-breakpoint
CREATE TABLE `view_visitors` (
	`share_id` text NOT NULL,
	`day` text NOT NULL,
	`visitor` text NOT NULL,
	PRIMARY KEY(`share_id`, `day`, `visitor`)
);
--> statement-breakpoint
CREATE INDEX `view_visitors_day` ON `view_visitors` (`day`);