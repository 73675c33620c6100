import type * as z from '../zod';

/** The parts of a zod 4 schema definition needed to walk from the root to a nested object. */
interface WalkableDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  element?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  shape?: Record<string, z.core.$ZodType>;
}

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The schemas a value may be checked against, with wrappers, pipes and unions opened up. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType[] {
  const def = schema._zod.def as unknown as WalkableDef;
  if (wrappers.has(def.type) && def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function step(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType[] {
  const def = schema._zod.def as unknown as WalkableDef;
  if (def.type === 'array' && typeof segment === 'number' && def.element) return unwrap(def.element);
  if (def.type === 'object' && typeof segment === 'string' && def.shape?.[segment]) return unwrap(def.shape[segment]);
  return [];
}

/** The keys the object at `path` accepts (for "did you mean" hints); empty when `path` is not an object. */
export function knownKeysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) current = current.flatMap((candidate) => step(candidate, segment));
  const keys = current.flatMap((candidate) => {
    const def = candidate._zod.def as unknown as WalkableDef;
    return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
  });
  return [...new Set(keys)];
}
