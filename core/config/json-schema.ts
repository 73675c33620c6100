import * as z from '../zod';
import { ConfigSchema } from './schema';

/**
 * The JSON Schema (draft 2020-12) of `infrabot.yaml` as a user writes it (defaults optional), for editors:
 * add `# yaml-language-server: $schema=./infrabot.schema.json` at the top of the file.
 * Checks that JSON Schema cannot express (duplicate names, `..` in directories) are left to `config check`.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' });
  const { $schema, ...rest } = schema;
  return {
    $schema,
    title: 'infrabot.yaml',
    description: 'Configuration of infrabot: the Terraform repository, its stacks, and the self-service sections.',
    ...rest,
  };
}
