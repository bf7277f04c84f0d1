// Loads the demo organisation into an empty database, on demand, through the running
// development server (`scripts/dev.sh`), which runs the Nitro task `demo:seed`:
//   npm run demo:seed            (the dev server on http://localhost:3000)
//   npm run demo:seed -- http://localhost:4000
const base = process.argv[2] ?? `http://localhost:${process.env.PORT ?? 3000}`
try {
  const res = await fetch(`${base}/_nitro/tasks/demo:seed`)
  const body = await res.json() as { result?: string, message?: string }
  if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`)
  console.log(`demo seed: ${body.result}`)
}
catch (error) {
  console.error(`demo seed: could not run it through ${base} (${(error as Error).message}); start the app with scripts/dev.sh first`)
  process.exit(1)
}
