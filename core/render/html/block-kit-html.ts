/**
 * Block Kit as HTML, for the console: what infrabot sends to Slack shown as Slack would show it. Sections,
 * fields, context, headers, dividers, code blocks and buttons (a button's `confirm` as a `<dialog>`); a block or
 * element of any other kind is shown as its text, never dropped. Everything is escaped.
 */
import { escapeHtml } from './escape';
import { mrkdwnToHtml } from './mrkdwn-html';

interface TextObject {
  type?: unknown;
  text?: unknown;
}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

export interface BlockHtmlOptions {
  /** The name shown for a mentioned user id. */
  userName?: (id: string) => string;
  /** The message the blocks belong to: buttons carry it back when clicked. */
  messageId: string;
}

function textHtml(text: unknown, options: BlockHtmlOptions): string {
  if (!isObject(text) || typeof (text as TextObject).text !== 'string') return '';
  const value = (text as TextObject).text as string;
  return text.type === 'mrkdwn' ? mrkdwnToHtml(value, options.userName) : escapeHtml(value);
}

/** Anything the console does not know, as its JSON text. */
function unknownHtml(value: unknown): string {
  return `<pre class="unknown">${escapeHtml(JSON.stringify(value, null, 2) ?? String(value))}</pre>`;
}

function confirmHtml(confirm: unknown, options: BlockHtmlOptions): string {
  if (!isObject(confirm)) return '';
  return [
    '<dialog class="confirm">',
    `<h4>${textHtml(confirm.title, options)}</h4>`,
    `<p>${textHtml(confirm.text, options)}</p>`,
    `<button class="deny" value="deny">${textHtml(confirm.deny, options) || 'Cancel'}</button>`,
    `<button class="confirm-button" value="confirm">${textHtml(confirm.confirm, options) || 'Confirm'}</button>`,
    '</dialog>',
  ].join('');
}

function elementHtml(element: unknown, options: BlockHtmlOptions): string {
  if (!isObject(element)) return unknownHtml(element);
  if (element.type === 'button') {
    const url = typeof element.url === 'string' ? ` data-url="${escapeHtml(element.url)}"` : '';
    const style = typeof element.style === 'string' ? ` ${escapeHtml(element.style)}` : '';
    return [
      '<span class="button-wrap">',
      `<button class="slack-button${style}" data-message="${escapeHtml(options.messageId)}"`,
      ` data-action-id="${escapeHtml(String(element.action_id ?? ''))}"`,
      ` data-value="${escapeHtml(String(element.value ?? ''))}"${url}>`,
      `${textHtml(element.text, options)}</button>`,
      confirmHtml(element.confirm, options),
      '</span>',
    ].join('');
  }
  if (element.type === 'mrkdwn' || element.type === 'plain_text') return `<span>${textHtml(element, options)}</span>`;
  if (element.type === 'image') return `<span class="image">${escapeHtml(String(element.alt_text ?? 'image'))}</span>`;
  return unknownHtml(element);
}

function sectionHtml(block: Loose, options: BlockHtmlOptions): string {
  const fields = Array.isArray(block.fields)
    ? `<div class="fields">${block.fields.map((field) => `<div>${textHtml(field, options)}</div>`).join('')}</div>`
    : '';
  const accessory = block.accessory === undefined ? '' : elementHtml(block.accessory, options);
  return `<div class="section">${textHtml(block.text, options)}${fields}${accessory}</div>`;
}

function elementsHtml(block: Loose, options: BlockHtmlOptions): string {
  return Array.isArray(block.elements) ? block.elements.map((element) => elementHtml(element, options)).join(' ') : '';
}

/** One block as HTML. */
export function blockHtml(block: unknown, options: BlockHtmlOptions): string {
  if (!isObject(block)) return unknownHtml(block);
  switch (block.type) {
    case 'header':
      return `<h3 class="header">${textHtml(block.text, options)}</h3>`;
    case 'section':
      return sectionHtml(block, options);
    case 'context':
      return `<div class="context">${elementsHtml(block, options)}</div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="actions">${elementsHtml(block, options)}</div>`;
    default:
      return unknownHtml(block);
  }
}

/** A message: its blocks, or its text when it has none. */
export function messageHtml(message: { text: string; blocks?: readonly unknown[] }, options: BlockHtmlOptions): string {
  if (!message.blocks || message.blocks.length === 0)
    return `<div class="section">${mrkdwnToHtml(message.text, options.userName)}</div>`;
  return message.blocks.map((block) => blockHtml(block, options)).join('');
}
