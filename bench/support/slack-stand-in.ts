/**
 * The Slack Web API stand-in for the acknowledgement benchmark, in its own process so that answering the
 * bot's Web API calls does not count against the bot. Prints `api=<url> respond=<url>` when listening.
 */
import { SlackApiRecorder } from '../../test/support/slack-api-recorder';

const slack = new SlackApiRecorder({ sre: ['USRE'] });
await slack.start();
// The benchmark sends a few thousand requests; keep no history so memory stays flat.
setInterval(() => slack.calls.splice(0), 1_000).unref();
process.stdout.write(`api=${slack.apiUrl} respond=${slack.responseUrl()}\n`);
