/**
 * Marks the signed-in learner's coaching notes that a page has shown (`notes`, each with its
 * `ref`) as seen, once some are new (`anyNew`), in the browser only; then the navigation's
 * notices are fetched again (a refresh cancels one the page change started before the write).
 * Only the notes shown are marked: opening one result leaves the notes on others new.
 */
export function useCoachingSeen(notes: () => { ref?: string }[] | undefined, anyNew: () => boolean) {
  const marked = new Set<string>()
  async function mark() {
    const refs = (notes() ?? []).flatMap(n => (n.ref && !marked.has(n.ref) ? [n.ref] : []))
    if (!refs.length || !anyNew()) return
    for (const ref of refs) marked.add(ref)
    try {
      await api('/api/me/coaching/seen', { method: 'POST', body: { refs } })
      await refreshNuxtData('notices')
    }
    catch {
      // The marker stays until the next visit; the notes themselves are on the page.
      for (const ref of refs) marked.delete(ref)
    }
  }
  onMounted(() => {
    watch([notes, anyNew], mark, { immediate: true })
  })
}
