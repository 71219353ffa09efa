import { page, type Html } from './html';
import { visitorPage } from './status';

export type PasswordPageState = 'ask' | 'wrong' | 'throttled';

const MESSAGES: Record<PasswordPageState, string> = {
  ask: 'Enter the password you were given to open it.',
  wrong: 'That password is not right. Please try again.',
  throttled: 'Too many attempts. Please wait a few minutes and try again.',
};

/** The form's look, added to the visitor pages' shared style. */
export const FORM_STYLE = 'form{margin-top:1.25rem;display:flex;flex-direction:column;gap:.5rem;text-align:left}label{font-size:.9rem;color:#57606a}input{font:inherit;padding:.5rem .6rem;border:1px solid #d0d7de;border-radius:6px}button{font:inherit;padding:.5rem;border:0;border-radius:6px;background:#1f2328;color:#fff;cursor:pointer}';

/** The page a visitor sees on a protected share's origin: one field, posted to the same URL; no script. */
export function passwordPageHtml(state: PasswordPageState): Html {
  const form = state === 'throttled' ? '' : page`<form method="post"><label for="p">Password</label><input id="p" name="password" type="password" autocomplete="current-password" required autofocus><button type="submit">Open</button></form>`;
  const message = state === 'ask' ? page`<p>${MESSAGES[state]}</p>` : page`<p role="alert">${MESSAGES[state]}</p>`;
  return visitorPage('Password required', page`<h1>This link is password-protected</h1>${message}${form}`, FORM_STYLE);
}
