/**
 * Link unfurlers by their published user agents: Slack (Slackbot-LinkExpanding, Slack-ImgProxy),
 * X (Twitterbot), Facebook and iMessage (facebookexternalhit, Facebot), LinkedIn (LinkedInBot),
 * Discord (Discordbot), WhatsApp, Telegram (TelegramBot), Apple (Applebot), Microsoft Teams and
 * Skype (SkypeUriPreview, MicrosoftPreview), Pinterest, Mastodon, Iframely and Embedly. Not the
 * word "Teams": the Teams desktop app's own browser carries it, and its users are people.
 */
const UNFURLERS = /Slackbot|Slack-ImgProxy|Twitterbot|facebookexternalhit|Facebot|LinkedInBot|Discordbot|WhatsApp|TelegramBot|Applebot|SkypeUriPreview|MicrosoftPreview|Pinterestbot|Mastodon|Iframely|Embedly/i;

export function isUnfurler(userAgent: string | null | undefined): boolean {
  return !!userAgent && UNFURLERS.test(userAgent);
}
