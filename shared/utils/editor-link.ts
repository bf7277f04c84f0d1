// Where the content editor lives: inside the trainer's content page (/trainer), named by the
// query, so that the editor adds no route record to the route table every page loads (a
// learner's lesson page included; docs/decisions.md). `/trainer?edit` is the workspace, the
// files by folder; `/trainer?edit=<folder>/<file>` one file. Kept out of navigation.ts, which
// sits in the entry chunk.

/** The editor's workspace, or one file in it (with `new`, `change` as the editor reads them). */
export function editorLink(path?: string, query: { new?: '1', change?: string } = {}) {
  return { path: '/trainer', query: { edit: path ?? null, ...query } }
}

/** What the content page shows for its query: the overview, the workspace, or a file in the editor. */
export function editorView(query: Record<string, unknown>): { view: 'overview' } | { view: 'workspace' } | { view: 'file', path: string } {
  if (!('edit' in query)) return { view: 'overview' }
  const edit = Array.isArray(query.edit) ? query.edit[0] : query.edit
  return typeof edit === 'string' && edit ? { view: 'file', path: edit } : { view: 'workspace' }
}
