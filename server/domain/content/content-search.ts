import { queryCollectionSearchSections } from '@nuxt/content/server'
import type { H3Event } from 'h3'
import type { SearchResults } from '#shared/types/search'
import type { ContentLibrary } from './content-library'
import { getContentLibrary } from './content-store'
import { buildSearchIndex, searchIndex, type SearchIndex } from './search-index'

// The search index is the same for every reader: built on the first search after the app
// starts (or after the content changed), from the library and the lessons collection's
// sections, and kept in memory with the library it was built from.

const indexes = new WeakMap<ContentLibrary, Promise<SearchIndex>>()

async function build(event: H3Event, library: ContentLibrary) {
  // Sections at the headings the lesson page gives an anchor (its contents list: h2 and h3).
  const sections = await queryCollectionSearchSections(event, 'lessons', { minHeading: 'h2', maxHeading: 'h3' })
  return buildSearchIndex(library, sections)
}

/** Published courses and lesson sections matching `query`, best first. */
export async function searchContent(event: H3Event, query: string): Promise<SearchResults> {
  const library = await getContentLibrary()
  let index = indexes.get(library)
  if (!index) {
    index = build(event, library)
    indexes.set(library, index)
    index.catch(() => indexes.delete(library))
  }
  return searchIndex(await index, query)
}
