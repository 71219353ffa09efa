ALTER TABLE `blobs` ADD `encoding_evidence` text;--> statement-breakpoint
ALTER TABLE `versions` ADD `spa` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `versions` ADD `root` text;