// A server-rendered page paints without its scripts: they hydrate what is already on screen.
// Fetched at the browser's default (high) priority, the entry and its modulepreloads compete
// with the document on a slow link, and Lighthouse's simulated first paint counts every
// high-priority script that arrived before the observed paint as render-blocking (a slow-4G
// round trip each). Low priority says what they are (bench/README.md, lighthouse7).
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', (html) => {
    const low = (tag: string) => tag.replace(/<(link|script)\b(?=[^>]*(?:rel="modulepreload"|type="module"))(?![^>]*fetchpriority)/g, '<$1 fetchpriority="low"')
    html.head = html.head.map(low)
    html.bodyAppend = html.bodyAppend.map(low)
  })
})
