import { VISITOR_PAGE_STYLE } from './status';

export type PasswordPageState = 'ask' | 'wrong' | 'throttled';

const MESSAGES: Record<PasswordPageState, string> = {
  ask: 'Enter the password you were given to open it.',
  wrong: 'That password is not right. Please try again.',
  throttled: 'Too many attempts. Please wait a few minutes and try again.',
};

/** The page a visitor sees on a protected share's origin: one field, posted to the same URL; no script. */
export function passwordPageHtml(state: PasswordPageState): string {
  const form = state === 'throttled' ? '' : `<form method="post"><label for="p">Password</label><input id="p" name="password" type="password" autocomplete="current-password" required autofocus><button type="submit">Open</button></form>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>Password required</title><style>${VISITOR_PAGE_STYLE}form{margin-top:1.25rem;display:flex;flex-direction:column;gap:.5rem;text-align:left}label{font-size:.9rem;color:#57606a}input{font:inherit;padding:.5rem .6rem;border:1px solid #d0d7de;border-radius:6px}button{font:inherit;padding:.5rem;border:0;border-radius:6px;background:#1f2328;color:#fff;cursor:pointer}</style></head><body><main><h1>This link is password-protected</h1><p${state === 'ask' ? '' : ' role="alert"'}>${MESSAGES[state]}</p>${form}</main></body></html>`;
}
