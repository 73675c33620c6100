import { createHmac } from 'node:crypto';

/** Headers Slack sends with a request, signed with `secret` as of `timestamp` (seconds). */
export function slackSignatureHeaders(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  };
}

/** The form body of a slash command. */
export function slashCommandBody(fields: {
  command?: string;
  text: string;
  user_id?: string;
  channel_id?: string;
  trigger_id?: string;
  response_url: string;
}) {
  return new URLSearchParams({
    token: 'deprecated',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: fields.channel_id ?? 'C0123ABC',
    channel_name: 'infra',
    user_id: fields.user_id ?? 'UALICE',
    user_name: 'alice',
    command: fields.command ?? '/tf',
    text: fields.text,
    api_app_id: 'A0001',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? `${Date.now()}.${Math.random().toString(36).slice(2)}`,
  }).toString();
}

/** The form body of a `block_actions` payload for one button click. */
export function buttonClickBody(fields: {
  actionId: string;
  value: string;
  user_id?: string;
  channel_id?: string;
  trigger_id?: string;
  response_url: string;
}) {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'example' },
    user: { id: fields.user_id ?? 'UALICE', username: 'alice', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'deprecated',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: fields.channel_id ?? 'C0123ABC' },
    trigger_id: fields.trigger_id ?? `${Date.now()}.${Math.random().toString(36).slice(2)}`,
    channel: { id: fields.channel_id ?? 'C0123ABC', name: 'infra' },
    message: { type: 'message', ts: '1700000000.000001', text: 'plan' },
    response_url: fields.response_url,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'job_actions',
        value: fields.value,
        text: { type: 'plain_text', text: 'Apply' },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
