/**
 * Long lists in Slack (stacks, locks, jobs): as many lines as people can read, packed into as few sections as
 * hold them, then a note saying how many were left out and how to see them. Whatever the number of items, the
 * message stays within Block Kit's limits: 50 blocks, 3,000 characters a section, 40,000 of fallback text.
 */
import type { ChatMessage } from '../../ports';
import { type Block, context, section, truncate } from './block-kit';
import { slackLimits } from './slack-block';

/** The most lines a listing shows: about a screen and a half, and far below what Slack would take. */
export const listingMaxLines = 100;

/** The fallback text (notifications, screen readers): the heading and the first lines, cut well below 40,000. */
const fallbackTextMax = 3_000;

/** Room for the lines of one section, leaving space for the `… (cut)` marker of an overlong line. */
const sectionRoom = slackLimits.sectionText - 20;

export interface Listing {
  /** The first section: what is listed and how many (mrkdwn). */
  heading: string;
  /** Shown between the heading and the lines, e.g. counts by group (mrkdwn); none when absent. */
  overview?: string;
  /** One mrkdwn line per item, in display order. */
  lines: readonly string[];
  /** The note when lines were left out, given how many (mrkdwn). */
  moreNote: (left: number) => string;
  maxLines?: number;
}

/** Lines packed into sections, and how many of the lines they hold. */
export interface PackedLines {
  blocks: Block[];
  used: number;
}

/**
 * Lines packed into at most `maxBlocks` sections of about 3,000 characters each, a line never split across
 * two (an overlong line is cut); lines past the last section are left out and counted by `used`.
 */
export function lineSections(lines: readonly string[], maxBlocks: number = slackLimits.blocks): PackedLines {
  const blocks: Block[] = [];
  let chunk: string[] = [];
  let size = 0;
  let used = 0;
  for (const raw of lines) {
    const line = truncate(raw, sectionRoom);
    if (chunk.length > 0 && size + line.length + 1 > sectionRoom) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
      size = 0;
    }
    if (blocks.length === maxBlocks) break;
    chunk.push(line);
    size += line.length + 1;
    used += 1;
  }
  if (chunk.length > 0) blocks.push(section(chunk.join('\n')));
  return { blocks, used };
}

/** A listing as one Slack message within Block Kit's limits. */
export function listingMessage(listing: Listing): ChatMessage {
  const head: Block[] = [section(listing.heading)];
  if (listing.overview) head.push(section(listing.overview));
  const wanted = listing.lines.slice(0, listing.maxLines ?? listingMaxLines);
  // One block stays free for the note on what was left out.
  const packed = lineSections(wanted, slackLimits.blocks - head.length - 1);
  const left = listing.lines.length - packed.used;
  const blocks = [...head, ...packed.blocks, ...(left > 0 ? [context(listing.moreNote(left))] : [])];
  const text = truncate([listing.heading, ...wanted.slice(0, packed.used)].join('\n'), fallbackTextMax);
  return { text, blocks };
}
