// A DOM helper, not a composable (it holds no Vue state): kept in utils/ so the editor's preview
// gets its own copy of it (modules/editor-preview-copies.ts never copies composables/).
//
// A box that scrolls sideways (a wide table in a lesson) becomes, once it really overflows, a
// named, focusable region: keyboard users can scroll it with the arrow keys and screen readers
// announce what it is. Set on the element itself, so it works both in a component (ProseTable)
// and in server-rendered HTML that is never hydrated (the lesson page's body, LessonArticle).
// Returns the function that stops watching.
export function watchScrollableBox(box: HTMLElement): () => void {
  const measure = () => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0
      box.setAttribute('role', 'region')
      box.setAttribute('aria-label', 'Table (scrolls sideways)')
    }
    else {
      box.removeAttribute('tabindex')
      box.removeAttribute('role')
      box.removeAttribute('aria-label')
    }
  }
  measure()
  if (typeof ResizeObserver === 'undefined') return () => {}
  const observer = new ResizeObserver(measure)
  observer.observe(box)
  return () => observer.disconnect()
}
