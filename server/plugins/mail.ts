// Says once, at start, whether e-mail goes out (and why not, when it does not).
export default defineNitroPlugin(() => {
  mailer()
})
