import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'

// The server's own copy of the content repository (production, CONTENT_GIT_REMOTE set).
// A bare repository under .data/ that fetches from the remote; a save builds its commit
// with a throw-away index (no checkout, so saves of different trainers never share a
// working tree) and pushes it to the trainer's change branch. The push is a plain,
// non-forced push: if the branch moved meanwhile, git refuses it and the save is a conflict.
// The remote URL and token stay in this process and the repository's config; neither is
// ever put in a response or a log line.

export interface GitSettings {
  remote: string
  /** The branch changes start from and are merged into. */
  base: string
  /** The content folder inside the repository ('content' for Rapport's own repository). */
  prefix: string
  workdir: string
  token?: string
  provider?: 'github' | 'gitlab'
  committer: { name: string, email: string }
}

export function gitSettings(): GitSettings {
  const provider = process.env.CONTENT_GIT_PROVIDER
  return {
    remote: process.env.CONTENT_GIT_REMOTE ?? '',
    base: process.env.CONTENT_GIT_BRANCH || 'main',
    prefix: (process.env.CONTENT_GIT_PATH ?? 'content').replace(/^\/+|\/+$/g, ''),
    workdir: resolve(process.env.CONTENT_GIT_WORKDIR || '.data/content-git'),
    token: process.env.CONTENT_GIT_TOKEN || undefined,
    provider: provider === 'github' || provider === 'gitlab' ? provider : undefined,
    committer: { name: process.env.CONTENT_GIT_COMMITTER_NAME || 'Rapport', email: process.env.CONTENT_GIT_COMMITTER_EMAIL || 'rapport@localhost' },
  }
}

export class GitError extends Error {}

interface RunOptions { input?: string, env?: Record<string, string>, allowFail?: boolean }

/** Runs git in the working copy; stderr is kept for the server log only. */
export function runGit(settings: GitSettings, args: string[], options: RunOptions = {}): Promise<{ code: number, stdout: string }> {
  const auth = settings.token && /^https:/.test(settings.remote)
    ? ['-c', `http.extraHeader=Authorization: Basic ${Buffer.from(`${settings.provider === 'gitlab' ? 'oauth2' : 'x-access-token'}:${settings.token}`).toString('base64')}`]
    : []
  return new Promise((done, fail) => {
    const child = spawn('git', [...auth, ...args], {
      cwd: existsSync(settings.workdir) ? settings.workdir : undefined,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_DIR: settings.workdir, LC_ALL: 'C', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    let err = ''
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => {
      err += d
    })
    child.on('error', fail)
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8')
      if (code !== 0 && !options.allowFail) {
        console.error(`[content-git] git ${args[0]} failed (${code}): ${err.trim().split('\n').slice(-3).join(' | ')}`)
        fail(new GitError(`git ${args[0]} failed`))
        return
      }
      done({ code: code ?? 1, stdout })
    })
    child.stdin.end(options.input ?? '')
  })
}

let queue: Promise<unknown> = Promise.resolve()

/** One git operation at a time in this process (refs and the object store are shared). */
export function serialised<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work)
  queue = run.catch(() => undefined)
  return run
}

/** Creates the working copy on first use, then fetches every branch of the remote. */
export async function syncWorkingCopy(settings: GitSettings) {
  if (!existsSync(join(settings.workdir, 'HEAD'))) {
    await mkdir(settings.workdir, { recursive: true })
    await runGit(settings, ['init', '--bare', '--quiet'])
    await runGit(settings, ['remote', 'add', 'origin', settings.remote])
  }
  await runGit(settings, ['fetch', '--prune', '--quiet', 'origin', '+refs/heads/*:refs/remotes/origin/*'])
}

export async function revParse(settings: GitSettings, ref: string): Promise<string | undefined> {
  const { code, stdout } = await runGit(settings, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { allowFail: true })
  return code === 0 ? stdout.trim() : undefined
}

export async function isAncestor(settings: GitSettings, ancestor: string, of: string) {
  return (await runGit(settings, ['merge-base', '--is-ancestor', ancestor, of], { allowFail: true })).code === 0
}

export interface TreeEntry { mode: string, type: string, sha: string, path: string }

/** Every entry under the content folder at a commit, by path relative to the content folder. */
export async function listTree(settings: GitSettings, commit: string): Promise<Map<string, TreeEntry>> {
  const prefix = settings.prefix ? `${settings.prefix}/` : ''
  const { stdout } = await runGit(settings, ['ls-tree', '-r', '-z', commit, '--', prefix || '.'])
  const entries = new Map<string, TreeEntry>()
  for (const line of stdout.split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(line)
    if (!match || !match[4]!.startsWith(prefix)) continue
    entries.set(match[4]!.slice(prefix.length), { mode: match[1]!, type: match[2]!, sha: match[3]!, path: match[4]! })
  }
  return entries
}

const treeCache = new Map<string, Map<string, string>>()

/** The content files at a commit (regular Markdown and YAML blobs; symbolic links are left out). */
export async function readTreeFiles(settings: GitSettings, commit: string): Promise<Map<string, string>> {
  const hit = treeCache.get(commit)
  if (hit) return new Map(hit)
  const entries = [...(await listTree(settings, commit)).entries()]
    .filter(([path, e]) => e.type === 'blob' && e.mode !== '120000' && /\.(md|ya?ml)$/.test(path) && path !== 'README.md')
  const files = new Map<string, string>()
  if (entries.length) {
    const { stdout } = await runGit(settings, ['cat-file', '--batch'], { input: entries.map(([, e]) => e.sha).join('\n') + '\n' })
    // Output: "<sha> blob <size>\n<content>\n" per object; sizes are in bytes.
    const bytes = Buffer.from(stdout, 'utf8')
    let at = 0
    for (const [path] of entries) {
      const headerEnd = bytes.indexOf(10, at)
      const size = Number(bytes.subarray(at, headerEnd).toString().split(' ')[2])
      files.set(path, bytes.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'))
      at = headerEnd + 1 + size + 1
    }
  }
  if (treeCache.size > 16) treeCache.delete(treeCache.keys().next().value!)
  treeCache.set(commit, files)
  return new Map(files)
}

/** The trainer's guide (README.md of the content folder) at a commit, if there is one. */
export async function readGuide(settings: GitSettings, commit: string): Promise<string | undefined> {
  const path = settings.prefix ? `${settings.prefix}/README.md` : 'README.md'
  const { code, stdout } = await runGit(settings, ['cat-file', 'blob', `${commit}:${path}`], { allowFail: true })
  return code === 0 ? stdout : undefined
}

export interface TreeEdit { path: string, text?: string }

/**
 * A commit on `parent` that writes (text) or removes (no text) the given content files,
 * authored by the trainer. The text is stored byte for byte: no filters, no line-end changes.
 */
export async function commitEdits(settings: GitSettings, parent: string, edits: TreeEdit[], author: { name: string, email: string }, message: string): Promise<string> {
  const index = join(tmpdir(), `rapport-index-${randomBytes(6).toString('hex')}`)
  const env = { GIT_INDEX_FILE: index }
  const full = (path: string) => settings.prefix ? `${settings.prefix}/${path}` : path
  try {
    await runGit(settings, ['read-tree', parent], { env })
    for (const edit of edits) {
      if (edit.text === undefined) {
        await runGit(settings, ['update-index', '--force-remove', '--', full(edit.path)], { env })
        continue
      }
      const blob = (await runGit(settings, ['hash-object', '-w', '--no-filters', '--stdin'], { input: edit.text })).stdout.trim()
      await runGit(settings, ['update-index', '--add', '--cacheinfo', `100644,${blob},${full(edit.path)}`], { env })
    }
    const tree = (await runGit(settings, ['write-tree'], { env })).stdout.trim()
    const commitEnv = {
      GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email,
      GIT_COMMITTER_NAME: settings.committer.name, GIT_COMMITTER_EMAIL: settings.committer.email,
    }
    return (await runGit(settings, ['commit-tree', tree, '-p', parent, '-m', message], { env: commitEnv })).stdout.trim()
  }
  finally {
    await rm(index, { force: true })
  }
}

/** Pushes a commit to a branch of the remote; false when the branch moved meanwhile (not a fast-forward). */
export async function pushBranch(settings: GitSettings, commit: string, branch: string): Promise<boolean> {
  const { code } = await runGit(settings, ['push', '--quiet', '--porcelain', 'origin', `${commit}:refs/heads/${branch}`], { allowFail: true })
  if (code !== 0) return false
  await runGit(settings, ['update-ref', `refs/remotes/origin/${branch}`, commit])
  return true
}

export async function deleteBranch(settings: GitSettings, branch: string) {
  await runGit(settings, ['push', '--quiet', 'origin', '--delete', branch], { allowFail: true })
  await runGit(settings, ['update-ref', '-d', `refs/remotes/origin/${branch}`], { allowFail: true })
}

/** Remote branches under a prefix (e.g. content/), as branch names without refs/remotes/origin/. */
export async function listBranches(settings: GitSettings, prefix: string): Promise<{ branch: string, commit: string, date: Date, author: string }[]> {
  const { stdout } = await runGit(settings, ['for-each-ref', '--format=%(refname)%09%(objectname)%09%(authordate:unix)%09%(authorname)', `refs/remotes/origin/${prefix}`])
  return stdout.split('\n').filter(Boolean).map((line) => {
    const [ref, commit, date, author] = line.split('\t') as [string, string, string, string]
    return { branch: ref.replace('refs/remotes/origin/', ''), commit, date: new Date(Number(date) * 1000), author }
  })
}

/** Content files a branch changed since it left the base (added, modified, deleted, renamed). */
export async function changedFiles(settings: GitSettings, base: string, tip: string): Promise<string[]> {
  const prefix = settings.prefix ? `${settings.prefix}/` : ''
  const { stdout } = await runGit(settings, ['diff', '--name-only', '--no-renames', '-z', `${base}...${tip}`, '--', prefix || '.'])
  return stdout.split('\0').filter(p => p.startsWith(prefix) && p.length > prefix.length).map(p => p.slice(prefix.length))
}

/** Opens a pull (GitHub) or merge (GitLab) request for a change branch; its web address, or undefined. */
export async function openPullRequest(settings: GitSettings, branch: string, title: string, body: string): Promise<string | undefined> {
  if (!settings.provider || !settings.token) return undefined
  const repo = process.env.CONTENT_GIT_REPOSITORY || repositoryFromRemote(settings.remote)
  if (!repo) return undefined
  try {
    if (settings.provider === 'github') {
      const api = process.env.CONTENT_GIT_API_URL || 'https://api.github.com'
      const res = await fetch(`${api}/repos/${repo}/pulls`, {
        method: 'POST',
        headers: { 'authorization': `Bearer ${settings.token}`, 'accept': 'application/vnd.github+json', 'content-type': 'application/json' },
        body: JSON.stringify({ title, head: branch, base: settings.base, body }),
      })
      const data = await res.json() as { html_url?: string }
      if (!res.ok) console.error(`[content-git] opening a pull request answered ${res.status}`)
      return data.html_url
    }
    const api = process.env.CONTENT_GIT_API_URL || 'https://gitlab.com/api/v4'
    const res = await fetch(`${api}/projects/${encodeURIComponent(repo)}/merge_requests`, {
      method: 'POST',
      headers: { 'private-token': settings.token, 'content-type': 'application/json' },
      body: JSON.stringify({ title, source_branch: branch, target_branch: settings.base, description: body, remove_source_branch: true }),
    })
    const data = await res.json() as { web_url?: string }
    if (!res.ok) console.error(`[content-git] opening a merge request answered ${res.status}`)
    return data.web_url
  }
  catch (error) {
    console.error(`[content-git] opening a pull request failed: ${(error as Error).name}`)
    return undefined
  }
}

/** owner/name from an https or ssh remote address (github.com/owner/name.git). */
export function repositoryFromRemote(remote: string): string | undefined {
  const match = /[:/]([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(remote.replace(/^https?:\/\/[^/]+/, ''))
  return match?.[1]
}
