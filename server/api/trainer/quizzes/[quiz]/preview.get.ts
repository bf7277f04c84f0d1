import { QuizParams } from '#shared/schemas/learning'

// The whole question bank as a learner would see it (options shuffled), with the keys
// and explanations trainers wrote: the browser runs the preview, nothing is recorded.
export default defineEventHandler(async (event) => {
  await requireRole(event, TRAINERS)
  const { quiz: id } = await getValidParams(event, QuizParams)
  const { definition: quiz, version, file } = await findQuiz(id)
  const draw = drawQuestions({ ...quiz, poolSize: undefined })
  return {
    quiz: {
      id: quiz.id,
      title: quiz.title,
      course: quiz.course,
      description: quiz.description ?? null,
      passMark: quiz.passMark,
      attemptLimit: quiz.attemptLimit,
      cooldownMinutes: quiz.cooldownMinutes,
      poolSize: quiz.poolSize ?? null,
      questionCount: quiz.questions.length,
      version,
      file,
    },
    questions: draw.map((drawn) => {
      const question = quiz.questions.find(q => q.id === drawn.question)!
      return { ...presentQuestion(question, drawn), skill: question.skill, correctAnswer: correctAnswer(question), explanation: question.explanation }
    }),
  }
})
