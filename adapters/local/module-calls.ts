import * as z from '../../core/zod';

/** A `module` block as far as the graph needs it: its label and its `source`. */
export interface ModuleCall {
  name: string;
  source: string;
}

const BlockBody = z.looseObject({ source: z.optional(z.unknown()) });
const Blocks = z.union([BlockBody, z.array(BlockBody)]);
const ModuleSection = z.record(z.string(), Blocks);
/**
 * The `module` section of a Terraform file as JSON: what `@cdktf/hcl2json` makes of a `.tf` file
 * (`{ "net": [{ "source": "./net" }] }`) and what a `.tf.json` file holds (`{ "net": { "source": "./net" } }`),
 * arrays allowed at either level. Only this section is validated: the rest of a file can be large.
 */
const Modules = z.optional(z.union([ModuleSection, z.array(ModuleSection)]));

/**
 * The module calls of one parsed Terraform file; a `source` that is not a plain string (Terraform allows
 * no expressions there) is left out. `undefined` when the file's `module` section has an unexpected shape.
 */
export function moduleCallsOf(parsed: unknown): ModuleCall[] | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const result = Modules.safeParse((parsed as { module?: unknown }).module);
  if (!result.success) return undefined;
  const sections = [result.data ?? []].flat();
  const calls: ModuleCall[] = [];
  for (const section of sections) {
    for (const [name, blocks] of Object.entries(section)) {
      for (const block of [blocks].flat()) {
        if (typeof block.source === 'string') calls.push({ name, source: block.source });
      }
    }
  }
  return calls;
}
