// Every model, so that start-up can create each collection and its indexes before the app
// serves a request (server/utils/db-schema.ts). A new model file is added here too:
// test/unit/models-index.test.ts fails otherwise.
import { AccountTokenModel } from './account-token'
import { AuditEventModel } from './audit-event'
import { CertificateModel } from './certificate'
import { ContentChangeModel } from './content-change'
import { ContentVersionModel } from './content-version'
import { DepartmentModel } from './department'
import { LearnerRecordModel } from './learner-record'
import { LearnerSummaryModel } from './learner-summary'
import { LessonCompletionModel } from './lesson-completion'
import { MailClaimModel, MailMessageModel } from './mail-message'
import { MailboxModel } from './mailbox'
import { OrgLogoModel } from './org-logo'
import { OrgSettingsModel } from './org-settings'
import { QuizAttemptModel } from './quiz-attempt'
import { QuizDrawModel } from './quiz-draw'
import { QuizLearnerModel, QuizSumsModel } from './quiz-sums'
import { ScenarioRunModel } from './scenario-run'
import { SessionModel, UserSessionsModel } from './session'
import { SignInThrottleModel } from './sign-in-throttle'
import { SummarySnapshotModel } from './summary-snapshot'
import { UserEmailModel } from './user-email'
import { UserModel } from './user'

export const allModels = [
  AccountTokenModel, AuditEventModel, CertificateModel, ContentChangeModel, ContentVersionModel, DepartmentModel,
  LearnerRecordModel, LearnerSummaryModel, LessonCompletionModel, MailClaimModel, MailMessageModel,
  MailboxModel, OrgLogoModel, OrgSettingsModel, QuizAttemptModel, QuizDrawModel, QuizLearnerModel, QuizSumsModel, ScenarioRunModel,
  SessionModel, UserSessionsModel, SignInThrottleModel, SummarySnapshotModel, UserEmailModel, UserModel,
]
