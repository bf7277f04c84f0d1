/** Rows chosen in a table (by id), for actions on several at once. */
export function useSelection() {
  const selected = ref(new Set<string>())
  const has = (id: string) => selected.value.has(id)
  function toggle(id: string, on = !has(id)) {
    const next = new Set(selected.value)
    if (on) next.add(id)
    else next.delete(id)
    selected.value = next
  }
  const allOf = (ids: string[]) => ids.length > 0 && ids.every(has)
  function toggleAll(ids: string[], on = !allOf(ids)) {
    const next = new Set(selected.value)
    for (const id of ids) {
      if (on) next.add(id)
      else next.delete(id)
    }
    selected.value = next
  }
  const clear = () => {
    selected.value = new Set()
  }
  return { selected, has, toggle, allOf, toggleAll, clear }
}
