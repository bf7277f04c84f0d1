/**
 * Marks the signed-in learner's coaching notes seen up to the newest of `notes` once a page
 * has shown them and some are new (`anyNew`), in the browser only; then the navigation's
 * notices are fetched again (a refresh cancels one the page change started before the write).
 */
export function useCoachingSeen(notes: () => { at: string | Date }[] | undefined, anyNew: () => boolean) {
  let marked = 0
  async function mark() {
    const newest = Math.max(...(notes() ?? []).map(n => new Date(n.at).getTime()))
    if (!Number.isFinite(newest) || newest <= marked || !anyNew()) return
    marked = newest
    try {
      await api('/api/me/coaching/seen', { method: 'POST', body: { upTo: new Date(newest).toISOString() } })
      await refreshNuxtData('notices')
    }
    catch {
      // The marker stays until the next visit; the notes themselves are on the page.
      marked = 0
    }
  }
  onMounted(() => {
    watch([notes, anyNew], mark, { immediate: true })
  })
}
