import type { webApi } from '@slack/bolt';
import type { Directory } from '../../core/ports';

interface Cached<T> {
  value: T;
  expiresAt: number;
}

/**
 * Resolves `@handle` user groups through `usergroups.list` and `usergroups.users.list`, and whether a user is a
 * full member through `users.info`, cached briefly (five minutes by default) so that a burst of commands costs
 * one lookup.
 */
export class SlackDirectory implements Directory {
  private groupIds?: Cached<Map<string, string>>;
  private readonly members = new Map<string, Cached<readonly string[]>>();
  private readonly fullMembers = new Map<string, Cached<boolean>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async membersOf(handle: string): Promise<readonly string[]> {
    const id = (await this.groupIdsByHandle()).get(handle);
    if (!id) return [];
    const cached = this.members.get(id);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const result = await this.client.usergroups.users.list({ usergroup: id });
    const users = result.users ?? [];
    this.members.set(id, { value: users, expiresAt: this.now() + this.ttlMs });
    return users;
  }

  /** Slack marks guests `is_restricted` (multi-channel) or `is_ultra_restricted` (single-channel). */
  async isFullMember(userId: string): Promise<boolean> {
    const cached = this.fullMembers.get(userId);
    if (cached && cached.expiresAt > this.now()) return cached.value;
    const { user } = await this.client.users.info({ user: userId });
    const full = user !== undefined && !user.deleted && !user.is_restricted && !user.is_ultra_restricted;
    this.fullMembers.set(userId, { value: full, expiresAt: this.now() + this.ttlMs });
    return full;
  }

  private async groupIdsByHandle(): Promise<Map<string, string>> {
    if (this.groupIds && this.groupIds.expiresAt > this.now()) return this.groupIds.value;
    const result = await this.client.usergroups.list({ include_disabled: false });
    const byHandle = new Map<string, string>();
    for (const group of result.usergroups ?? []) {
      if (group.handle && group.id) byHandle.set(group.handle, group.id);
    }
    this.groupIds = { value: byHandle, expiresAt: this.now() + this.ttlMs };
    return byHandle;
  }
}
