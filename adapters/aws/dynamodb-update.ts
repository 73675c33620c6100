/** An UpdateItem expression built from a patch: `SET` for defined values, `REMOVE` for undefined ones. */
export interface UpdateParts {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** Builds the update of `fields`; returns undefined when there is nothing to change. */
export function updateFrom(fields: Record<string, unknown>): UpdateParts | undefined {
  const sets: string[] = [];
  const removes: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  Object.entries(fields).forEach(([field, value], index) => {
    names[`#f${index}`] = field;
    if (value === undefined) {
      removes.push(`#f${index}`);
    } else {
      sets.push(`#f${index} = :v${index}`);
      values[`:v${index}`] = JSON.parse(JSON.stringify(value));
    }
  });
  if (sets.length === 0 && removes.length === 0) return undefined;
  const clauses = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ];
  return {
    UpdateExpression: clauses.filter(Boolean).join(' '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
