/**
 * Wire types shared by the worker, the CLI and the web app. Type-only: importing this module
 * adds no code to a bundle.
 */

/** One file of a bundle as the client describes it before any byte moves. */
export interface ManifestFile {
  /** Relative path with forward slashes, e.g. `css/site.css`. */
  path: string;
  size: number;
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
}

export interface PublishRequest {
  files: ManifestFile[];
  /** The page served at `/`. Defaults to `index.html`, or the only `.html` file. */
  entry?: string;
  title?: string;
}

export interface UpdateRequest extends PublishRequest {
  /** The version this update was made from; a different current version answers 409. */
  baseVersion?: number;
  /** Replace whatever is current, even if someone else updated in between. */
  force?: boolean;
}

/** Answer to a publish or update: the version is pending until finalized. */
export interface UploadPlan {
  id: string;
  url: string;
  version: number;
  /** Hashes the server does not hold yet for this share: PUT each to `uploadPath + sha256`. */
  missing: string[];
  uploadPath: string;
  finalizePath: string;
  /** Present only in the answer that created the share: it is never shown again. */
  ownerToken?: string;
}

export type ShareState = 'pending' | 'live' | 'revoked' | 'expired' | 'taken_down';

export interface ShareInfo {
  id: string;
  url: string;
  state: ShareState;
  version: number | null;
  title: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  files: number;
  bytes: number;
}

export interface PublishResult extends ShareInfo {
  ownerToken?: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; requestId?: string; details?: unknown };
}

export interface ServerInfo {
  service: 'share';
  version: string;
  limits: { maxFileBytes: number; maxShareBytes: number; maxFiles: number };
}
