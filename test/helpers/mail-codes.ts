/**
 * Reading one-time codes (issue 19) the way a viewer would get them, behind one function so a
 * test does not care how mail travels: `readCode(address)` waits for the next code mailed to that
 * address and returns its six digits. `codeFromLog` reads the development log mailer's lines
 * (`{"event":"mail_logged","to",…,"text"}`) from a server's output; an SMTP reader (a real SMTP
 * server in-process) can implement the same type.
 */
export type ReadCode = (address: string) => Promise<string>;

/** The six digits in a code mail's plain text. */
export const codeInText = (text: string): string | null => /Your code: (\d{6})/.exec(text)?.[1] ?? null;

/**
 * A `ReadCode` over `codesOf(address)` (every code mailed to that address so far, oldest first):
 * each call returns the next one this reader has not returned yet, waiting up to `timeoutMs`.
 */
export function nextCode(codesOf: (address: string) => string[], timeoutMs = 15_000): ReadCode {
  const taken = new Map<string, number>();
  return async (address) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const codes = codesOf(address);
      const seen = taken.get(address) ?? 0;
      if (codes.length > seen) {
        taken.set(address, seen + 1);
        return codes[seen];
      }
      if (Date.now() > deadline) throw new Error(`no code mailed to ${address} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
}

/** Codes from the development log mailer's lines in `output()` (a running server's stdout). */
export function codeFromLog(output: () => string, timeoutMs = 15_000): ReadCode {
  return nextCode((address) => output().split('\n').flatMap((line) => {
    const start = line.indexOf('{"time"');
    if (start < 0 || !line.includes('"mail_logged"')) return [];
    try {
      const mail = JSON.parse(line.slice(start)) as { event: string; to: string; text: string };
      const code = mail.event === 'mail_logged' && mail.to === address ? codeInText(mail.text) : null;
      return code ? [code] : [];
    } catch {
      return [];
    }
  }), timeoutMs);
}

/** Awaits `send` and returns the error it failed with; throws (failing the test) if it succeeded. */
export async function failure(send: Promise<void>): Promise<Error> {
  try {
    await send;
  } catch (err) {
    return err as Error;
  }
  throw new Error('the send succeeded, but it should have failed');
}
