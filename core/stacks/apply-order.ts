/**
 * The order in which stacks are applied, from each stack's `dependsOn`: a stack is applied only after the
 * stacks it depends on. Pure graph work over names, shared by the config check and the use cases.
 */

/** A stack as the order sees it: its name and the names it depends on. */
export interface OrderedStack {
  name: string;
  dependsOn?: readonly string[] | undefined;
}

/**
 * The first dependency cycle found, as the names along it with the first repeated at the end
 * (`['a', 'b', 'c', 'a']`), or undefined when there is none. Unknown names are skipped (reported elsewhere).
 */
export function findCycle(stacks: readonly OrderedStack[]): string[] | undefined {
  const edges = new Map(stacks.map((stack) => [stack.name, stack.dependsOn ?? []]));
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const onPath = path.indexOf(name);
    if (onPath >= 0) return [...path.slice(onPath), name];
    if (done.has(name) || !edges.has(name)) return undefined;
    path.push(name);
    for (const next of edges.get(name) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(name);
    return undefined;
  };
  for (const stack of stacks) {
    const cycle = visit(stack.name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Every stack `name` depends on, directly or through others. */
function allUpstream(name: string, edges: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(edges.get(name) ?? [])];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(edges.get(next) ?? []));
  }
  return seen;
}

/**
 * For each of `names`, the others of `names` it depends on, directly or through stacks outside `names`
 * (`a → b → c` with `a` and `c` asked: `a` waits for `c`). The configuration has no cycles.
 */
export function upstreamAmong(stacks: readonly OrderedStack[], names: readonly string[]): Map<string, string[]> {
  const edges = new Map(stacks.map((stack) => [stack.name, stack.dependsOn ?? []]));
  const asked = new Set(names);
  return new Map(names.map((name) => [name, [...allUpstream(name, edges)].filter((up) => asked.has(up)).sort()]));
}

/**
 * `names` in layers: the first holds those that depend on none of the others, each next one those whose
 * upstream stacks are all in earlier layers. Stacks of one layer apply in parallel. Names within a layer sort.
 */
export function applyLayers(stacks: readonly OrderedStack[], names: readonly string[]): string[][] {
  const upstream = upstreamAmong(stacks, names);
  const layerOf = new Map<string, number>();
  const depth = (name: string): number => {
    const known = layerOf.get(name);
    if (known !== undefined) return known;
    const ups = upstream.get(name) ?? [];
    const layer = ups.length === 0 ? 0 : Math.max(...ups.map(depth)) + 1;
    layerOf.set(name, layer);
    return layer;
  };
  const layers: string[][] = [];
  for (const name of [...new Set(names)].sort()) {
    const layer = depth(name);
    while (layers.length <= layer) layers.push([]);
    layers[layer]?.push(name);
  }
  return layers;
}
