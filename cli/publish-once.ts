import type { PublishRequest, PublishResult, ShareInfo } from '../core/api-types';
import { DEFAULT_LIMITS } from '../core/limits';
import { keyRefusal, ServerError, type ShareApi } from './api';
import type { Bundle } from './collect';
import { CliError, EXIT, isCliError, oneLine } from './errors';
import { upsertShare } from './state';
import { zipRoute } from './zip-settings';

/**
 * The bound of a one-request publish: 1 MiB and 1000 files. Speed does not set it: measured
 * against the Node server, one request was as fast as three steps up to 16 MiB and faster for
 * many files (200 files: 0.6 s against 1.2 s), see README "How the CLI publishes". What does:
 * above 1 MiB the CLI draws a progress bar (desktop.ts), which needs the uploads one file at a
 * time; the server takes longer over a larger zip after the last byte has arrived, and a time
 * limit that runs out then leaves the outcome unknown (the owner token comes only in the answer),
 * where three steps know nothing went live before finalize; and a zip publish holds one of the
 * server's few zip slots (503 `busy`) while it unpacks. 1000 files is the default server limit.
 */
export const ONE_REQUEST_MAX_BYTES = 1024 * 1024;
export const ONE_REQUEST_MAX_FILES = DEFAULT_LIMITS.maxFiles;

/**
 * After the time limit, how long the answer to a request already sent is still waited for, as
 * finalize's status check gets a short budget of its own (publish-core.ts). 5 s, not finalize's
 * 10 s: a hung server meets this wait on every one-request publish, and the MCP server's 50 s
 * bound plus it must stay below an MCP client's usual 60 s (deadline.ts).
 */
const LATE_ANSWER_MS = 5_000;

export interface OnceInput {
  api: ShareApi;
  server: string;
  /** The shared path, absolute: the state file's key for updating the link later. */
  source: string;
  bundle: Bundle;
  /** The manifest the three steps would send: its settings are mapped by zip-settings.ts. */
  manifest: PublishRequest;
  /** The publish's warnings so far (collect, references): the server's are added without repeats. */
  warnings: string[];
  key?: string;
  /** As publishPath's: (bytes sent so far, bytes to send). */
  onProgress?: (sent: number, total: number) => void;
}

/** A first publish that went live: publishPath makes its PublishOutcome of it. */
export interface FirstPublish {
  share: ShareInfo;
  ownerToken: string;
  /** The input's warnings, then the server's that were not among them, then a late answer's. */
  warnings: string[];
}

/**
 * The bundle as a stored zip (cli/zip-write.ts: no compression, the CLI's CPU is the cost and the
 * bytes are small), or null when the server's zip reader (core/zip.ts openZip, the same function)
 * would not read exactly the bundle's paths and sizes back (or the writer cannot write them: a
 * file named `__proto__`): every file inside one top folder (the
 * reader removes that folder, where a manifest keeps it and the root rule serves it), or anything
 * else it would skip, rename or refuse. Both modules are loaded here, when a first publish needs
 * them, not with the CLI.
 */
export async function bundleZip(bundle: Bundle): Promise<Uint8Array | null> {
  const [{ storedZip }, { bytesSource, openZip }] = await Promise.all([import('./zip-write'), import('../core/zip')]);
  try {
    const zip = storedZip(bundle.files);
    const read = (await openZip(bytesSource(zip), DEFAULT_LIMITS)).files;
    const same = read.length === bundle.files.length && read.every((f, i) => f.path === bundle.files[i].path && f.size === bundle.files[i].size);
    return same ? zip : null;
  } catch {
    return null;
  }
}

/** Whether a bundle is small enough for one request (and SHARE_ONE_REQUEST=0, for comparing the two in bench/publishing.ts, is not set). */
const fitsOneRequest = (bundle: Bundle): boolean =>
  process.env.SHARE_ONE_REQUEST !== '0' && bundle.bytes <= ONE_REQUEST_MAX_BYTES && bundle.files.length <= ONE_REQUEST_MAX_FILES;

/**
 * A first publish in one request: the bundle as a stored zip to `POST /api/shares`, its settings
 * mapped by zip-settings.ts, the answer being the live link and its owner token (saved in the
 * state file as the three steps save it). Returns undefined, having sent nothing, when the three
 * steps must do it: a large bundle, a setting the zip route cannot carry, a bundle the zip reader
 * would not read back as it is, SHARE_ONE_REQUEST=0; also after a 503 `busy` (the server was
 * unpacking as many zips as it allows) or a 413 (a server with lower limits: the three steps
 * refuse in the words they always did), answers that published nothing.
 *
 * Time and cancellation follow cli/deadline.ts as finalize does (publish-core.ts): until the whole
 * body is sent, the deadline or a caller's cancel stops it and nothing was published; once sent,
 * only time stops it, and an answer up to LATE_ANSWER_MS late is still reported (with a warning).
 * Without an answer the outcome is unknown, and the error says so: the link may be live, and its
 * owner token never arrived here. Errors: the API's refusals as ServerError (an API key required
 * as in ShareApi.create), the network's as CliError.
 */
export async function publishOnce(input: OnceInput): Promise<FirstPublish | undefined> {
  const { api, bundle } = input;
  const { files: _files, ...settings } = input.manifest;
  const route = zipRoute(settings);
  if (!fitsOneRequest(bundle) || 'unsupported' in route) return undefined;
  const zip = await bundleZip(bundle);
  if (!zip) return undefined;

  const deadline = api.deadline;
  const sending = new AbortController();
  let sent = false;
  let late: ReturnType<typeof setTimeout> | undefined;
  const stopUnsent = () => { if (!sent) sending.abort(deadline.signal.reason); };
  const afterTime = () => { late = setTimeout(() => sending.abort(deadline.timeoutSignal.reason), LATE_ANSWER_MS); };
  const onSent = () => {
    sent = true;
    input.onProgress?.(bundle.bytes, bundle.bytes);
    if (deadline.timeoutSignal.aborted) afterTime();
    else deadline.timeoutSignal.addEventListener('abort', afterTime, { once: true });
  };
  if (deadline.signal.aborted) stopUnsent();
  else deadline.signal.addEventListener('abort', stopUnsent, { once: true });

  let result: PublishResult;
  try {
    input.onProgress?.(0, bundle.bytes);
    result = await api.createFromZip(zip, route, input.key, sending.signal, onSent);
  } catch (err) {
    // Nothing was published; the three steps either get through or give the refusal word for word as before.
    if (err instanceof ServerError && (err.errorCode === 'busy' || err.status === 413)) return undefined;
    throw unsentOrUnknown(err, sent, deadline.signal.aborted);
  } finally {
    deadline.signal.removeEventListener('abort', stopUnsent);
    deadline.timeoutSignal.removeEventListener('abort', afterTime);
    clearTimeout(late);
  }
  return outcome(input, result, deadline.timeoutSignal.aborted);
}

/**
 * What a failed one-request publish tells: the server's own refusal as it is; before the body was
 * all sent, that nothing was published (the server cannot have had it whole); after, that it is
 * unknown, unless the answer came from something in between that did not pass the request on.
 * A gateway's 502 or 504 did pass it on, so those are unknown too.
 */
function unsentOrUnknown(err: unknown, sent: boolean, stopped: boolean): unknown {
  if (err instanceof ServerError) return keyRefusal(err);
  if (!isCliError(err)) return err;
  if (!sent) return stopped ? new CliError(`nothing was published: ${err.message}`, err.code) : err;
  const status = (err as { status?: number }).status;
  if (err.code === EXIT.intercepted && status !== 502 && status !== 504) return err;
  return new CliError(`the server did not confirm the publish (${oneLine(err, 160)}): a new link may be live, but neither its address nor its owner token arrived, so it cannot be revoked from here; publish again for a link you can manage`, EXIT.timeout);
}

/** The live link, saved in the state file with its owner token as the three steps save it. */
function outcome(input: OnceInput, result: PublishResult, lateAnswer: boolean): FirstPublish {
  const { ownerToken = '', warnings: serverWarnings = [], ...share } = result;
  const warnings = [...input.warnings, ...serverWarnings.filter((w) => !input.warnings.includes(w))];
  if (lateAnswer) warnings.push('the server confirmed the link only after the time limit had passed');
  const now = new Date().toISOString();
  try {
    if (!ownerToken) throw new Error('the server sent none');
    upsertShare({ id: share.id, url: share.url, server: input.server, ownerToken, source: input.source, version: share.version, createdAt: now, updatedAt: now });
  } catch (err) {
    warnings.push(`the link is live, but its owner token could not be saved (${oneLine(err)}). Keep this owner token: it is the only way to update or revoke the link: ${ownerToken}`);
  }
  return { share, ownerToken, warnings };
}
