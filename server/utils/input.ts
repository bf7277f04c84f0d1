import type { H3Event } from 'h3'
import type { z } from 'zod'

// Every body, query and route parameter goes through these: a failed parse is a 400
// whose message names each field and what is wrong with it, and whose data lists them.

export interface FieldError { field: string, message: string }

type Where = 'body' | 'query' | 'route'

/** A 4xx whose message names each field and what is wrong with it, and whose data lists them. */
export function invalidFields(where: Where, fields: FieldError[], statusCode = 400) {
  const summary = fields.slice(0, 3).map(f => `${f.field}: ${f.message}`).join('; ')
  return createError({
    statusCode,
    statusMessage: `Invalid ${where}: ${summary}${fields.length > 3 ? ` (and ${fields.length - 3} more)` : ''}`.slice(0, 300),
    data: { fields },
  })
}

export function invalidInput(error: z.ZodError, where: Where) {
  return invalidFields(where, error.issues.map(issue => ({
    field: issue.path.length ? issue.path.join('.') : where,
    message: issue.message,
  })))
}

/** One field that parsed but is still wrong (taken, unknown, not offered). */
export const invalidField = (where: Where, field: string, message: string, statusCode = 400) =>
  invalidFields(where, [{ field, message }], statusCode)

function unwrap<T>(result: z.ZodSafeParseResult<T>, where: Where): T {
  if (!result.success) throw invalidInput(result.error, where)
  return result.data
}

export async function readValidBody<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.infer<S>> {
  return unwrap(await readValidatedBody(event, body => schema.safeParse(body ?? {})), 'body')
}

export async function getValidQuery<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.infer<S>> {
  return unwrap(await getValidatedQuery(event, query => schema.safeParse(query)), 'query')
}

export async function getValidParams<S extends z.ZodType>(event: H3Event, schema: S): Promise<z.infer<S>> {
  return unwrap(await getValidatedRouterParams(event, params => schema.safeParse(params)), 'route')
}

/** Refuses a body larger than `bytes` before reading it (413, naming the body). */
export function limitBody(event: H3Event, bytes: number) {
  const length = Number(getRequestHeader(event, 'content-length') ?? 0)
  if (length > bytes) throw invalidField('body', 'body', `is ${Math.ceil(length / 1000)} KB; at most ${Math.floor(bytes / 1000)} KB is accepted`, 413)
}
