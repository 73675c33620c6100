import { createHash } from 'node:crypto';

/**
 * The jq program the apply build runs over `terraform show -json tfplan` to get the same canonical text as
 * {@link canonicalChanges}: the resource changes sorted by address (then deposed key), the output changes, every
 * object's keys sorted. Kept beside the function it must agree with; `buildspecs/apply.yml` spells it out too.
 */
export const changesJqProgram =
  '{output_changes: (.output_changes // {}), resource_changes: (.resource_changes // [] | sort_by([.address, (.deposed // "")]))}';

/**
 * The canonical text of what a plan would change (its `resource_changes` and `output_changes`), byte for byte
 * what `jq -cjS "$changesJqProgram"` prints for the same plan JSON: so that the digest the bot records from the
 * reviewed `plan.json` and the one the apply build takes of the saved `tfplan` agree exactly when the two
 * describe the same changes. Everything else in the document (prior state, drift, configuration) is left out:
 * it does not decide what an apply does.
 */
export function canonicalChanges(planJson: string): string {
  const document = JSON.parse(planJson) as { resource_changes?: unknown; output_changes?: unknown };
  const resources = Array.isArray(document.resource_changes) ? [...document.resource_changes] : [];
  resources.sort(byAddressThenDeposed);
  return canonicalJson({ output_changes: document.output_changes ?? {}, resource_changes: resources });
}

/**
 * SHA-256 (hex) of {@link canonicalChanges}: the digest an apply build must find in the saved `tfplan` before it
 * applies it. Throws when `planJson` is not JSON (a plan that cannot be read is never recorded as applicable).
 */
export function changesDigest(planJson: string): string {
  return createHash('sha256').update(canonicalChanges(planJson)).digest('hex');
}

function byAddressThenDeposed(a: unknown, b: unknown): number {
  return compareCodePoints(sortKey(a), sortKey(b));
}

/** jq compares `[.address, (.deposed // "")]` element by element; joined with NUL it orders the same. */
function sortKey(change: unknown): string {
  const fields = (change ?? {}) as { address?: unknown; deposed?: unknown };
  return `${String(fields.address ?? '')}\u0000${String(fields.deposed ?? '')}`;
}

/** jq orders strings by their UTF-8 bytes, which is code point order (JavaScript's `<` is UTF-16 order). */
function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** JSON with sorted keys and no spaces, escaping as jq does (it also escapes DEL, JSON.stringify does not). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => compareCodePoints(a, b));
    return `{${entries.map(([key, item]) => `${jqString(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  if (typeof value === 'string') return jqString(value);
  return JSON.stringify(value);
}

function jqString(text: string): string {
  return JSON.stringify(text).replaceAll('\u007f', '\\u007f');
}
