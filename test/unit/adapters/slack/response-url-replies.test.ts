import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseUrlReplies } from '../../../../adapters/slack/response-url-replies';
import { SlackApiRecorder } from '../../../support/slack-api-recorder';

let recorder: SlackApiRecorder;

beforeEach(async () => {
  recorder = new SlackApiRecorder();
  await recorder.start();
});

afterEach(async () => {
  await recorder.stop();
});

describe('ResponseUrlReplies', () => {
  it('posts an ephemeral reply as JSON to the response_url', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: ':no_entry: no' } }];

    await new ResponseUrlReplies().replyEphemeral(recorder.responseUrl('abc'), { text: 'no', blocks });

    expect(recorder.calls).toEqual([
      {
        method: 'response_url',
        body: { response_type: 'ephemeral', replace_original: false, text: 'no', blocks },
      },
    ]);
  });

  it('throws a typed error without the URL when Slack refuses the reply', async () => {
    const refusing = (async () => new Response('expired_url', { status: 404 })) as typeof fetch;

    const replying = new ResponseUrlReplies(refusing).replyEphemeral('https://hooks.slack.com/commands/T/1/secret', {
      text: 'x',
    });

    await expect(replying).rejects.toMatchObject({
      name: 'ResponseUrlError',
      code: 'slack_response_url_failed',
      status: 404,
      message: "replying through the command's response_url: Slack answered 404",
    });
  });
});
