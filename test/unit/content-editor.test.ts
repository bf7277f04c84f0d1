import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkContent } from '../../server/domain/content/content-library'
import { readContentFolder } from '../../server/domain/content/content-folder'
import { fieldLine } from '../../server/domain/content/content-lines'
import { guideExamples, templateFor } from '../../server/domain/content/content-templates'
import { ContentFilePath, contentPathProblem } from '../../shared/schemas/content-editor'

// The pure parts of the content editor: which file names it accepts, where a checker
// finding sits in a file, and the templates taken from the trainer's guide.

describe('content file paths', () => {
  it.each([
    'courses/soft-skills.yml',
    'lessons/soft-skills/02-empathy.md',
    'lessons/soft-skills/empathy.md',
    'quizzes/soft-skills-quiz.yml',
    'scenarios/angry-caller-phone.yaml',
    'paths/new-staff-essentials.yml',
  ])('accepts %s', (path) => {
    expect(contentPathProblem(path)).toBeUndefined()
  })

  it.each([
    ['../package.json', /"\." or "\.\."/],
    ['lessons/../../etc/passwd.md', /"\." or "\.\."/],
    ['/etc/passwd', /absolute/],
    ['C:/content/x.yml', /absolute/],
    ['README.md', /content folders/],
    ['server/api/x.yml', /content folders/],
    ['quizzes/x.json', /\.yml/],
    ['quizzes/x.md', /\.yml/],
    ['lessons/soft-skills/x.yml', /\.md/],
    ['lessons/x.md', /lessons\/<course>/],
    ['lessons/soft-skills/deep/x.md', /lessons\/<course>/],
    ['quizzes/sub/x.yml', /directly in the folder/],
    ['quizzes/Bad_Name.yml', /lower-case/],
    ['quizzes\\x.yml', /"\/"/],
  ])('refuses %s', (path, why) => {
    expect(contentPathProblem(path)).toMatch(why)
    expect(ContentFilePath.safeParse(path).success).toBe(false)
  })
})

describe('the line of a checker finding', () => {
  const quiz = [
    'id: q-quiz', // 1
    'title: Quiz', // 2
    'questions:', // 3
    '  - id: a', // 4
    '    type: single', // 5
    '    options:', // 6
    '      - id: x', // 7
    '        text: X', // 8
    '      - id: y', // 9
    '        text: Y', // 10
  ].join('\n')

  it.each([
    ['title', 2],
    ['questions', 3],
    ['questions.0', 4],
    ['questions.0.options', 6],
    ['questions.0.options.1', 9],
    ['questions.0.options.1.text', 10],
    ['questions.0.missing', 4],
    ['passMark', 1],
    ['', 1],
  ])('puts %s at line %i of a YAML file', (field, line) => {
    expect(fieldLine('quizzes/q-quiz.yml', quiz, field)).toBe(line)
  })

  it('uses the line the YAML reader reports for a file that does not parse', () => {
    expect(fieldLine('quizzes/q.yml', 'a: 1\nb: c: d\n', '', 'not valid YAML: Nested mappings are not allowed in compact mappings at line 2, column 4:')).toBe(2)
  })

  it('counts a lesson\'s lines from the top of the file, frontmatter included', () => {
    const lesson = '---\ntitle: T\nminutes: 12\n---\n\n## Heading\n'
    expect(fieldLine('lessons/c/01-t.md', lesson, 'minutes')).toBe(3)
    expect(fieldLine('lessons/c/01-t.md', lesson, 'body')).toBe(6)
  })
})

describe('templates from the trainer\'s guide', () => {
  const readme = readFileSync('content/README.md', 'utf8')

  it('finds the guide\'s example for every folder', () => {
    expect([...guideExamples(readme).keys()].sort()).toEqual(['courses', 'lessons', 'paths', 'quizzes', 'scenarios'])
  })

  it.each([
    ['courses/handling-returns.yml', /^slug: handling-returns$/m],
    ['lessons/soft-skills/09-new-lesson.md', /^course: soft-skills$/m],
    ['quizzes/soft-skills-quiz.yml', /^id: soft-skills-quiz$\n[\s\S]*^course: soft-skills$/m],
    ['scenarios/late-parcel-phone.yml', /^id: late-parcel-phone$/m],
    ['paths/warehouse-basics.yml', /^id: warehouse-basics$/m],
  ])('names %s after its file', (path, expected) => {
    expect(templateFor(readme, path)).toMatch(expected)
  })

  it('gives a lesson template the checker accepts once it sits in an existing course with a free order', () => {
    const files = readContentFolder('content')
    const course = [...files.keys()].find(p => p.startsWith('lessons/'))!.split('/')[1]!
    const path = `lessons/${course}/99-from-template.md`
    files.set(path, templateFor(readme, path)!.replace(/^order: .*$/m, 'order: 99'))
    const { errors } = checkContent(files)
    expect(errors.filter(e => e.file === `content/${path}`)).toEqual([])
  }, 30_000)
})
