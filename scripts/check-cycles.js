#!/usr/bin/env node
// Fails on any import cycle in src/, between files and between folders.
//
// A folder cycle needs no file cycle: src/config/a.ts → src/procedure/b.ts and
// src/procedure/c.ts → src/config/d.ts make config and procedure depend on each other, so
// neither can be read, tested or moved without the other. Data should flow one way
// (STYLE.md), so every strongly connected group of folders is reported.
//
// The graph comes from dependency-cruiser (.dependency-cruiser.cjs, tsconfig.json resolution),
// type-only imports, re-exports and dynamic import() included: a type import still couples
// two folders. A folder is src/<name>/ (subfolders belong to it); files directly in src/
// (src/cli.ts) form the top-level folder "src".
//
// Exit status: 0 no cycles, 1 cycles or other dependency-cruiser rule violations, 2 the
// check itself failed.
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = 'src/';

/**
 * The layers of src/, lowest first, as the README's folder table lists them. A folder may
 * import from its own layer and the layers before it, never from a later one; a folder missing
 * here fails the check until it is placed (here and in the README).
 */
const LAYERS = [
  ['src/core'],
  ['src/calendar', 'src/text', 'src/thread'],
  ['src/parse'],
  ['src/procedure', 'src/intake', 'src/guards'],
  ['src/config'],
  ['src/commands', 'src/letters'],
  ['src/store'],
  ['src/tenant'],
  ['src/source', 'src/outbox'],
  ['src/workflow'],
  ['src/execute'],
  ['src/ingest', 'src/scheduler'],
  ['src/daemon'],
  ['src/cli', 'src'],
];
const LAYER_OF = new Map(LAYERS.flatMap((folders, rank) => folders.map((folder) => [folder, rank])));

/** The folder a file belongs to: src/<first segment>, or "src" for files directly in src/. */
function folderOf(path) {
  const rest = path.slice(SRC.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? 'src' : SRC + rest.slice(0, slash);
}

/** Tarjan's strongly connected components; returns only those that contain a cycle. */
function cyclicComponents(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  // Iterative, so a long import chain cannot overflow the call stack.
  for (const start of [...graph.keys()].sort()) {
    if (indices.has(start)) continue;
    const work = [{ node: start, next: [...(graph.get(start) ?? [])].sort(), i: 0 }];
    indices.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.next.length) {
        const to = frame.next[frame.i++];
        if (!indices.has(to)) {
          indices.set(to, index);
          low.set(to, index++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: [...(graph.get(to) ?? [])].sort(), i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node), indices.get(to)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === indices.get(frame.node)) {
        const members = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          members.push(member);
        } while (member !== frame.node);
        const selfLoop = graph.get(frame.node)?.has(frame.node) ?? false;
        if (members.length > 1 || selfLoop) components.push(members.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Shortest path from `from` to `to` inside `members` (breadth-first), as a list of nodes. */
function shortestPath(graph, members, from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === to) break;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (members.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  const path = [];
  for (let node = to; node !== null; node = previous.get(node)) path.unshift(node);
  return path;
}

/**
 * Enough elementary cycles to show every edge of a component: for each edge u → v, the
 * shortest way back from v to u. Rotations of the same cycle are printed once.
 */
function cyclesCovering(graph, component) {
  const members = new Set(component);
  const seen = new Set();
  const cycles = [];
  for (const from of component) {
    for (const to of [...(graph.get(from) ?? [])].sort()) {
      if (!members.has(to)) continue;
      const back = from === to ? [to] : shortestPath(graph, members, to, from);
      const cycle = [from, ...back.slice(0, -1)];
      const smallest = cycle.indexOf([...cycle].sort()[0]);
      const key = [...cycle.slice(smallest), ...cycle.slice(0, smallest)].join(' → ');
      if (seen.has(key)) continue;
      seen.add(key);
      cycles.push([...cycle.slice(smallest), ...cycle.slice(0, smallest)]);
    }
  }
  return cycles;
}

async function main() {
  process.chdir(ROOT);
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
  const tsConfig = extractTSConfig('tsconfig.json');
  const { output: result } = await cruise(['src'], { ...options, outputType: 'json' }, {}, { tsConfig });
  const cruised = typeof result === 'string' ? JSON.parse(result) : result;

  const fileGraph = new Map();
  const folderGraph = new Map();
  /** "from folder\0to folder" → the file imports behind that edge. */
  const folderEdges = new Map();
  for (const module of cruised.modules) {
    if (!module.source.startsWith(SRC)) continue;
    for (const dependency of module.dependencies) {
      if (!dependency.resolved.startsWith(SRC) || dependency.coreModule) continue;
      if (!fileGraph.has(module.source)) fileGraph.set(module.source, new Set());
      fileGraph.get(module.source).add(dependency.resolved);
      const from = folderOf(module.source);
      const to = folderOf(dependency.resolved);
      if (from === to) continue;
      if (!folderGraph.has(from)) folderGraph.set(from, new Set());
      folderGraph.get(from).add(to);
      const key = `${from}\0${to}`;
      if (!folderEdges.has(key)) folderEdges.set(key, []);
      folderEdges.get(key).push({ from: module.source, to: dependency.resolved, typeOnly: dependency.dependencyTypes.includes('type-only') });
    }
  }

  const lines = [];
  let failures = 0;

  const folderComponents = cyclicComponents(folderGraph);
  for (const [n, component] of folderComponents.entries()) {
    failures++;
    lines.push(`folder cycle ${n + 1}: ${component.join(', ')} depend on each other`);
    for (const cycle of cyclesCovering(folderGraph, component)) {
      lines.push(`  ${[...cycle, cycle[0]].join(' → ')}`);
      for (const [i, from] of cycle.entries()) {
        const to = cycle[(i + 1) % cycle.length];
        // Prefer a value import as the example: it is the harder one to remove.
        const imports = folderEdges.get(`${from}\0${to}`).sort((a, b) => Number(a.typeOnly) - Number(b.typeOnly) || (a.from + a.to < b.from + b.to ? -1 : 1));
        const example = imports[0];
        const more = imports.length > 1 ? ` (+${imports.length - 1} more)` : '';
        lines.push(`      ${from} → ${to}: ${example.from} imports ${example.to}${example.typeOnly ? ' (type-only)' : ''}${more}`);
      }
    }
  }

  let upward = 0;
  const folders = new Set([...folderGraph.keys(), ...cruised.modules.filter((m) => m.source.startsWith(SRC)).map((m) => folderOf(m.source))]);
  for (const folder of [...folders].sort()) {
    if (LAYER_OF.has(folder)) continue;
    failures++;
    lines.push(`unplaced folder: ${folder} is in no layer; add it to LAYERS in scripts/check-cycles.js and to the README's folder table`);
  }
  for (const [key, imports] of [...folderEdges.entries()].sort()) {
    const [from, to] = key.split('\0');
    if (!LAYER_OF.has(from) || !LAYER_OF.has(to) || LAYER_OF.get(to) <= LAYER_OF.get(from)) continue;
    failures++;
    upward++;
    lines.push(
      `upward import: ${from} (layer ${LAYER_OF.get(from)}) → ${to} (layer ${LAYER_OF.get(to)}): ${imports[0].from} imports ${imports[0].to}${imports.length > 1 ? ` (+${imports.length - 1} more)` : ''}`,
    );
  }

  const fileComponents = cyclicComponents(fileGraph);
  for (const [n, component] of fileComponents.entries()) {
    failures++;
    lines.push(`file cycle ${n + 1}: ${component.length === 1 ? `${component[0]} imports itself` : component.join(', ')}`);
    for (const cycle of cyclesCovering(fileGraph, component)) lines.push(`  ${[...cycle, cycle[0]].join(' → ')}`);
  }

  // Other rules of .dependency-cruiser.cjs (no-circular is covered above, with more context).
  for (const violation of cruised.summary.violations) {
    if (violation.rule.name === 'no-circular') continue;
    failures++;
    lines.push(`${violation.rule.severity} ${violation.rule.name}: ${violation.from} → ${violation.to}`);
  }

  const counts = `${folderComponents.length} folder cycle(s), ${fileComponents.length} file cycle(s), ${upward} upward import(s), ${cruised.modules.filter((m) => m.source.startsWith(SRC)).length} files in src/`;
  if (failures === 0) {
    process.stdout.write(`check-cycles: no import cycles or upward imports in src/ (${counts})\n`);
    return 0;
  }
  process.stderr.write(
    `${lines.join('\n')}\n\ncheck-cycles: FAILED, ${counts}. Imports between folders of src/ must go one way; ` +
      'move the shared piece down into the folder both sides already depend on (a type into the lowest layer that needs it).\n',
  );
  return 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (err) => {
    process.stderr.write(`check-cycles: could not check: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
