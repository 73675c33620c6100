import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, resourceWhere, synthInfrabot, type TerraformJson } from './synth';

let json: TerraformJson;
const pager = 'arn:aws:sns:eu-west-1:123456789012:pager';

beforeAll(() => {
  json = synthInfrabot({ alarms: { emails: ['sre@example.com'], topicArns: [pager] } });
});

const alarm = (name: string) => resourceWhere(json, 'aws_cloudwatch_metric_alarm', 'alarm_name', name);

describe('the alarms', () => {
  it('watch errors and throttles of every Lambda', () => {
    for (const fn of ['infrabot-bot', 'infrabot-dispatcher', 'infrabot-notifier']) {
      expect(alarm(`${fn}-errors`)).toMatchObject({
        namespace: 'AWS/Lambda',
        metric_name: 'Errors',
        dimensions: { FunctionName: fn },
      });
      expect(alarm(`${fn}-throttles`)).toMatchObject({
        metric_name: 'Throttles',
        threshold: 0,
        comparison_operator: 'GreaterThanThreshold',
      });
    }
  });

  it('watch the dead-letter queue for any visible message', () => {
    expect(alarm('infrabot-dead-letters')).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: expect.stringContaining('aws_sqs_queue.') },
      statistic: 'Maximum',
      threshold: 0,
    });
  });

  it("watch failed applies of every stack's apply project", () => {
    const failed = resourcesOf(json, 'aws_cloudwatch_metric_alarm').filter((a) => a.metric_name === 'FailedBuilds');
    expect(failed.map((a) => a.dimensions)).toEqual([
      { ProjectName: 'infrabot-apply-aws-dev-app-dfc0f364' },
      { ProjectName: 'infrabot-apply-aws-prod-network-92fa455e' },
      { ProjectName: 'infrabot-apply-github-org-4b89661b' },
      { ProjectName: 'infrabot-apply-google-prod-dns-b036e789' },
    ]);
  });

  it('notify the alarm topic and the extra topics', () => {
    expect(alarm('infrabot-bot-errors').alarm_actions).toEqual([expect.stringContaining('aws_sns_topic.'), pager]);
  });

  it('email the configured addresses through the topic', () => {
    expect(resourcesOf(json, 'aws_sns_topic_subscription')).toEqual([
      { topic_arn: expect.stringContaining('aws_sns_topic.'), protocol: 'email', endpoint: 'sre@example.com' },
    ]);
  });
});
