/**
 * Artifacts through the tracking server's proxy (docs/mlflow.md §1.6): upload with
 * `PUT /api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts/<path>` (path from the run's
 * `mlflow-artifacts:` artifact_uri), list with `artifacts/list` (run-relative paths), download
 * with GET on the proxy path.
 */
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { MlflowError, type HttpClient } from './http';
import type { FileInfo } from './types';

const PROXY = '/api/2.0/mlflow-artifacts/artifacts';

/** Proxy path for `rel` under a run's `mlflow-artifacts:` artifact URI; other schemes are an error. */
export function artifactProxyPath(artifactUri: string, rel: string): string {
  const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri);
  if (!m) {
    throw new MlflowError(
      `run artifact URI '${artifactUri}' is not served by the tracking server; start the server with served artifacts (no --default-artifact-root; see 'videor1 mlflow up')`,
      { endpoint: `PUT ${PROXY}`, errorCode: 'INVALID_STATE', transient: false, attempts: 0 },
    );
  }
  const segments = [...m[1].split('/'), ...rel.split('/')].filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new Error(`artifact path '${rel}' leaves the run's artifacts`);
  return `${PROXY}/${segments.map(encodeURIComponent).join('/')}`;
}

/** Upload one local file to `rel` (a `/`-separated path under the run's artifacts), streamed. */
export async function uploadArtifact(http: HttpClient, artifactUri: string, rel: string, file: string): Promise<void> {
  const { size } = await fs.promises.stat(file);
  await http.request('PUT', artifactProxyPath(artifactUri, rel), {
    body: () => ({ data: Readable.toWeb(fs.createReadStream(file)) as unknown as BodyInit, length: size }),
  });
}

export async function downloadArtifact(http: HttpClient, artifactUri: string, rel: string): Promise<Buffer> {
  return http.request<Buffer>('GET', artifactProxyPath(artifactUri, rel), { as: 'bytes' });
}

/** Entries directly under `path` (run-relative; the root when omitted), following page tokens. */
export async function listArtifacts(http: HttpClient, runId: string, path?: string): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  let token: string | undefined;
  do {
    const r = await http.request<{ files?: FileInfo[]; next_page_token?: string }>('GET', '/api/2.0/mlflow/artifacts/list', {
      query: { run_id: runId, path, page_token: token },
    });
    out.push(...(r.files ?? []));
    token = r.next_page_token || undefined;
  } while (token);
  return out;
}

/** Every file (not folder) of a run's artifacts, sorted by path. */
export async function listArtifactFiles(http: HttpClient, runId: string, path?: string): Promise<FileInfo[]> {
  const files: FileInfo[] = [];
  for (const f of await listArtifacts(http, runId, path)) {
    if (f.is_dir) files.push(...(await listArtifactFiles(http, runId, f.path)));
    else files.push(f);
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
