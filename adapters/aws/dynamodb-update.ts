/** An UpdateItem `SET` expression built from a patch. */
export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * Builds the update that sets every defined field of a patch; a field set to `undefined` is left as it is
 * (as in every store). Returns undefined when there is nothing to change.
 */
export function updateFrom(fields: Record<string, unknown>): UpdateParts | undefined {
  const defined = Object.entries(fields).filter(([, value]) => value !== undefined);
  if (defined.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = defined.map(([field, value], index) => {
    names[`#f${index}`] = field;
    values[`:v${index}`] = JSON.parse(JSON.stringify(value));
    return `#f${index} = :v${index}`;
  });
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
