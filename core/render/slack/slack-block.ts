/**
 * The Block Kit shapes infrabot sends, typed structurally so core/ needs no Slack package, and the limits
 * Slack enforces on them.
 */

/** A text object. */
export interface SlackText {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  emoji?: boolean;
}

/** A plain-text object (headers, buttons). */
export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

/** A button in an actions block. */
export interface SlackButton {
  type: 'button';
  text: SlackPlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  confirm?: {
    title: SlackPlainText;
    text: SlackText;
    confirm: SlackPlainText;
    deny: SlackPlainText;
    style?: 'primary' | 'danger';
  };
}

/** The blocks infrabot uses. */
export type SlackBlock =
  | { type: 'header'; text: SlackPlainText; block_id?: string }
  | { type: 'section'; text: SlackText; block_id?: string; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[]; block_id?: string }
  | { type: 'divider'; block_id?: string }
  | { type: 'actions'; elements: SlackButton[]; block_id?: string };

/** Slack's limits, from the Block Kit reference. */
export const slackLimits = {
  blocks: 50,
  headerText: 150,
  sectionText: 3_000,
  sectionFields: 10,
  fieldText: 2_000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  blockId: 255,
} as const;

function blockProblems(block: SlackBlock, at: string): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${at}: ${what}`);
  };
  if (block.block_id !== undefined) check(block.block_id.length <= slackLimits.blockId, 'block_id too long');
  switch (block.type) {
    case 'header':
      check(block.text.text.length > 0 && block.text.text.length <= slackLimits.headerText, 'header text not 1-150');
      break;
    case 'section':
      check(block.text.text.length > 0 && block.text.text.length <= slackLimits.sectionText, 'text not 1-3000');
      check((block.fields?.length ?? 0) <= slackLimits.sectionFields, 'more than 10 fields');
      for (const field of block.fields ?? []) check(field.text.length <= slackLimits.fieldText, 'field over 2000');
      break;
    case 'context':
      check(block.elements.length > 0 && block.elements.length <= slackLimits.contextElements, 'elements not 1-10');
      for (const element of block.elements) check(element.text.length <= slackLimits.sectionText, 'element too long');
      break;
    case 'actions':
      check(block.elements.length > 0 && block.elements.length <= slackLimits.actionsElements, 'elements not 1-25');
      for (const button of block.elements) {
        check(button.text.text.length <= slackLimits.buttonText, 'button text over 75');
        check(button.action_id.length <= slackLimits.actionId, 'action_id over 255');
        check((button.value?.length ?? 0) <= slackLimits.buttonValue, 'button value over 2000');
      }
      break;
    case 'divider':
      break;
  }
  return problems;
}

/** Every way the blocks break Slack's limits, as `blocks[3]: text not 1-3000`; empty when they fit. */
export function slackLimitProblems(blocks: readonly SlackBlock[]): string[] {
  const problems = blocks.length > slackLimits.blocks ? [`${blocks.length} blocks (at most 50)`] : [];
  blocks.forEach((block, index) => {
    problems.push(...blockProblems(block, `blocks[${index}]`));
  });
  return problems;
}

/** True when Slack accepts these blocks: at most 50, and every text within its block's limit. */
export function fitsSlackLimits(blocks: readonly SlackBlock[]): boolean {
  return slackLimitProblems(blocks).length === 0;
}
