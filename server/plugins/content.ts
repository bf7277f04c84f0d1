// The content library is parsed when the app starts rather than by the first learner or trainer
// who needs it; /api/health answers 503 "starting" until that has settled. Content with errors
// still starts the app, as it always did: the errors are logged and shown to trainers.
export default defineNitroPlugin(() => {
  if (import.meta.dev) return
  void prepareContent()
})
