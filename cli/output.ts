/** Colour only on a TTY and never with NO_COLOR (https://no-color.org). */
const useColor = () => process.stderr.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

const paint = (code: number) => (s: string) => (useColor() ? `\u001b[${code}m${s}\u001b[0m` : s);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);

/** Progress and messages: stderr, so stdout carries only the result. */
export const info = (msg: string) => process.stderr.write(`${msg}\n`);
export const warn = (msg: string) => process.stderr.write(`${yellow('warning:')} ${msg}\n`);

