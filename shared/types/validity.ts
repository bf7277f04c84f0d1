// What the content checker's validity check measured on a quiz or role-play
// (server/domain/content/content-validity.ts), as the trainer's pages show it.

/** Quiz: the chance that guessing every answer passes a draw; how often the correct option is the longest. */
export interface QuizFigures { guessPass: number, longestCorrect: number, singleChoice: number }

/** Role-play: random clicking's exact pass chance over every route, the test-wise strategies that pass, where the best reply is the longest. */
export interface ScenarioFigures {
  routes: number
  randomPass: number
  randomPassFraction: string
  passingStrategies: ('longest' | 'shortest' | 'first' | 'last')[]
  bestIsLongest: number
  nodes: number
}
