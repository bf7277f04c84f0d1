import { z } from 'zod'

// What a reader types into the search box: a few words, trimmed.
export const SearchQuery = z.object({
  q: z.string().trim()
    .min(2, 'type at least 2 characters to search')
    .max(100, 'a search is at most 100 characters'),
})
export type SearchQuery = z.infer<typeof SearchQuery>
