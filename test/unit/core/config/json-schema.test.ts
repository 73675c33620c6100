import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../../../cli/format-json';
import { configJsonSchema } from '../../../../core/config/json-schema';

describe('configJsonSchema', () => {
  it('matches the committed infrabot.schema.json (regenerate: npx infrabot config schema > infrabot.schema.json)', () => {
    expect(readFileSync('infrabot.schema.json', 'utf8')).toBe(formatJson(configJsonSchema()));
  });

  it('describes the input side: required keys, defaults, and no unknown keys', () => {
    const schema = configJsonSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { default?: unknown; items?: { required?: string[] } }>;
    };

    expect(schema.required).toEqual(['repository', 'stacks']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.defaultBranch?.default).toBe('main');
    expect(schema.properties.stacks?.items?.required).toEqual(['name', 'dir', 'provider', 'roles']);
  });
});
