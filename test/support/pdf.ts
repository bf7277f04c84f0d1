import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs'

// Reads a PDF the way a viewer does (Mozilla's pdf.js): its text, line by line as drawn,
// and how many images each page paints.

export async function readPdf(bytes: Uint8Array) {
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, standardFontDataUrl: 'node_modules/pdfjs-dist/standard_fonts/' })
  const pdf = await task.promise
  try {
    const pages: { text: string[], compact: string, images: number, width: number, height: number }[] = []
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n)
      const content = await page.getTextContent()
      const text = content.items.map(item => ('str' in item ? item.str : '')).filter(s => s.trim())
      const ops = await page.getOperatorList()
      const images = ops.fnArray.filter(op => op === OPS.paintImageXObject).length
      const [, , width, height] = page.view
      // Letter-spaced lines come back with spaces between the letters: `compact` has no spaces at all.
      pages.push({ text, compact: text.join('').replace(/\s+/g, ''), images, width: width!, height: height! })
    }
    return pages
  }
  finally {
    await task.destroy()
  }
}
