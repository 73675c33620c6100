import { type RecordedRequest, type RecordingServer, startRecordingServer } from './recording-server';

/** A Slack Web API stand-in: answers `ok` to every method and records what was asked. */
export async function startFakeSlackApi(): Promise<RecordingServer> {
  let messages = 0;
  const server = await startRecordingServer((request) => {
    messages += 1;
    if (request.path.startsWith('/api/files.getUploadURLExternal')) {
      return { body: { ok: true, upload_url: `${server.url}/upload/F0${messages}`, file_id: `F0${messages}` } };
    }
    if (request.path.startsWith('/upload/')) return { body: 'OK' };
    if (request.path.startsWith('/api/chat.postMessage')) {
      return { body: { ok: true, channel: 'C0123ABC', ts: `1700000001.${String(messages).padStart(6, '0')}` } };
    }
    if (request.path.startsWith('/api/users.info')) {
      return {
        body: { ok: true, user: { id: 'U0', deleted: false, is_restricted: false, is_ultra_restricted: false } },
      };
    }
    if (request.path.startsWith('/api/conversations.open')) return { body: { ok: true, channel: { id: 'D0USER' } } };
    if (request.path.startsWith('/api/usergroups.list')) return { body: { ok: true, usergroups: [] } };
    return { body: { ok: true } };
  });
  return server;
}

/** The form or JSON arguments of a recorded Slack Web API call. */
export function slackArgs(request: RecordedRequest): Record<string, unknown> {
  if (request.headers['content-type']?.includes('application/json')) return JSON.parse(request.body);
  return Object.fromEntries(new URLSearchParams(request.body));
}

/** The Slack method of a recorded call (`chat.update`). */
export function slackMethod(request: RecordedRequest): string {
  return request.path.replace(/^\/api\//, '').split('?')[0] ?? '';
}
