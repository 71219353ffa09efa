import { page, type Html } from './html';
import { FORM_STYLE } from './password';
import { visitorPage } from './status';

/**
 * The pages a viewer sees on an allowlisted share's origin (issue 19): one field for the email
 * address, then one for the code. Posted to the same URL; no script. The page after an address
 * says the same words whether the address is on the list or not.
 */
export type AllowPageState =
  | { kind: 'ask' }
  | { kind: 'invalid' }
  | { kind: 'code'; address: string }
  | { kind: 'wrong'; address: string }
  | { kind: 'throttled' };

const HINT_STYLE = '.hint{font-size:.9rem;margin-top:1rem}.again{margin-top:.75rem}.again button{background:#fff;color:#1f2328;border:1px solid #d0d7de}';

function askForm(): Html {
  return page`<form method="post"><label for="e">Your email address</label><input id="e" name="email" type="email" autocomplete="email" required autofocus><button type="submit">Send me a code</button></form>`;
}

function codeForm(address: string): Html {
  return page`<form method="post"><input type="hidden" name="email" value="${address}"><label for="c">6-digit code</label><input id="c" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required autofocus><button type="submit">Open</button></form>
<form method="post" class="again"><input type="hidden" name="email" value="${address}"><button type="submit">Send a new code</button></form>`;
}

/** The page for one state of the gate. */
export function allowPageHtml(state: AllowPageState): Html {
  const title = 'This link is for named people';
  switch (state.kind) {
    case 'ask':
      return visitorPage(title, page`<h1>${title}</h1><p>Enter your email address. If it may see this page, we send you a code to open it.</p>${askForm()}`, FORM_STYLE);
    case 'invalid':
      return visitorPage(title, page`<h1>${title}</h1><p role="alert">That does not look like an email address. Please check it and try again.</p>${askForm()}`, FORM_STYLE);
    case 'code':
      return visitorPage('Enter your code', page`<h1>Check your email</h1><p>If ${state.address} may see this page, a code is on its way to it. It works for 10 minutes.</p>${codeForm(state.address)}<p class="hint">No email after a few minutes? Check your spam folder, or ask the person who shared the link whether they added this address.</p>`, FORM_STYLE + HINT_STYLE);
    case 'wrong':
      return visitorPage('Enter your code', page`<h1>Check your email</h1><p role="alert">That code is not right, or it has expired or been used. Try again, or ask for a new code.</p>${codeForm(state.address)}`, FORM_STYLE + HINT_STYLE);
    case 'throttled':
      return visitorPage(title, page`<h1>${title}</h1><p role="alert">Too many attempts. Please wait a few minutes and try again.</p>`);
  }
}
