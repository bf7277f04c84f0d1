// The content library is parsed at start rather than by the first learner or trainer who needs
// it, once the database is ready: the parse is synchronous CPU (seconds under load), and run
// earlier it held up the connection and the schema creation behind it. /api/health reports it
// (`content`) without waiting for it. Content with errors still starts the app, as it always
// did: the errors are logged and shown to trainers.
export default defineNitroPlugin(() => {
  if (import.meta.dev) return
  void whenDatabaseSchemaReady().then(() => prepareContent())
})
