import type { Job } from '../../jobs/job';
import { type ButtonElement, escapeMrkdwn, plainText } from './block-kit';

/** The action of the "Stop apply" button that `/tf cancel` of a running apply offers (admins only). */
export const stopApplyActionId = 'tf_stop_apply';

/** "Stop apply", behind a confirmation that says what stopping an apply risks. Its value is the job id. */
export function stopApplyButton(job: Job): ButtonElement {
  return {
    type: 'button',
    action_id: stopApplyActionId,
    text: plainText('Stop apply'),
    style: 'danger',
    value: job.id,
    confirm: {
      title: plainText('Stop this apply?'),
      text: {
        type: 'mrkdwn',
        text:
          `Terraform applying \`${escapeMrkdwn(job.stack)}\` (job \`${job.id}\`) is interrupted and given its grace ` +
          'period to write its state, then killed. Resources it was creating may be orphaned and the state may ' +
          'stay locked. Only admins may stop an apply.',
      },
      confirm: plainText('Stop apply'),
      deny: plainText('Keep applying'),
      style: 'danger',
    },
  };
}
