import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { SCREENSHOT_DIR } from './browser'

// Draws a PDF's first page in chromium with Mozilla's pdf.js (the npm package pdfjs-dist),
// at `dpi` dots per inch, and saves the canvas as a PNG to look at. Everything is served
// from a made-up origin inside the browser: nothing is fetched from outside.

const PDFJS = 'node_modules/pdfjs-dist'
const ORIGIN = 'http://pdf-render.test'

const PAGE = `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#888">
<canvas id="page"></canvas>
<script type="module">
import * as pdfjs from './build/pdf.mjs'
pdfjs.GlobalWorkerOptions.workerSrc = './build/pdf.worker.mjs'
const dpi = Number(new URL(location.href).searchParams.get('dpi'))
const pdf = await pdfjs.getDocument({ url: './certificate.pdf', standardFontDataUrl: './standard_fonts/' }).promise
const page = await pdf.getPage(1)
const viewport = page.getViewport({ scale: dpi / 72 })
const canvas = document.getElementById('page')
canvas.width = Math.round(viewport.width)
canvas.height = Math.round(viewport.height)
await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise
document.body.dataset.done = String(viewport.width) + 'x' + String(viewport.height)
</script>`

export async function renderPdf(browser: Browser, pdf: Buffer, name: string, dpi = 150) {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', error => problems.push(error.message))
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname
    if (path === '/render.html') return route.fulfill({ contentType: 'text/html', body: PAGE })
    if (path === '/certificate.pdf') return route.fulfill({ contentType: 'application/pdf', body: pdf })
    if (/^\/(build\/pdf(\.worker)?\.mjs|standard_fonts\/[\w.-]+)$/.test(path)) {
      return route.fulfill({ contentType: path.endsWith('.mjs') ? 'text/javascript' : 'application/octet-stream', body: readFileSync(join(PDFJS, path)) })
    }
    return route.fulfill({ status: 404, body: '' })
  })
  await page.goto(`${ORIGIN}/render.html?dpi=${dpi}`)
  try {
    await page.waitForSelector('body[data-done]', { timeout: 30_000 })
  }
  catch (error) {
    throw new Error(`pdf.js did not draw the PDF: ${problems.join('; ') || 'no error reported'}`, { cause: error })
  }
  const size = await page.evaluate(() => document.body.dataset.done!)
  await page.locator('#page').screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` })
  await context.close()
  return size
}
