import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type Plugin,
} from 'chart.js'

let registered = false

/** Registers the chart.js parts the HR charts use (once). */
export function useChartSetup() {
  if (!registered) {
    Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend)
    registered = true
  }
}

/** Diagonal hatching: a second series that differs by texture, not only by colour. */
export function hatchPattern(colour: string): CanvasPattern | string {
  if (!import.meta.client) return colour
  const tile = document.createElement('canvas')
  tile.width = tile.height = 8
  const ctx = tile.getContext('2d')!
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, 8, 8)
  ctx.strokeStyle = colour
  ctx.lineWidth = 2
  ctx.beginPath()
  ctx.moveTo(0, 8)
  ctx.lineTo(8, 0)
  ctx.moveTo(-2, 2)
  ctx.lineTo(2, -2)
  ctx.moveTo(6, 10)
  ctx.lineTo(10, 6)
  ctx.stroke()
  return ctx.createPattern(tile, 'repeat') ?? colour
}

/** Writes each bar's value at its end, so the figures can be read without the axis or colours. */
export const barValueLabels = (suffix = ''): Plugin<'bar'> => ({
  id: 'barValueLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart
    ctx.save()
    ctx.font = '600 12px system-ui, sans-serif'
    ctx.fillStyle = '#1d2430'
    const horizontal = chart.options.indexAxis === 'y'
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i)
      if (meta.hidden || meta.type !== 'bar') return
      meta.data.forEach((bar, j) => {
        const value = dataset.data[j]
        if (typeof value !== 'number') return
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number, y: number }
        ctx.textAlign = horizontal ? 'left' : 'center'
        ctx.textBaseline = horizontal ? 'middle' : 'bottom'
        ctx.fillText(`${value}${suffix}`, horizontal ? x + 4 : x, horizontal ? y : y - 2)
      })
    })
    ctx.restore()
  },
})

/** Writes one label at the end of each horizontal stacked bar (the text for bar i from `text(i)`). */
export const stackValueLabels = (text: (index: number) => string): Plugin<'bar'> => ({
  id: 'stackValueLabels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart
    const ends = new Map<number, { x: number, y: number }>()
    chart.data.datasets.forEach((_, i) => {
      const meta = chart.getDatasetMeta(i)
      if (meta.hidden || meta.type !== 'bar') return
      meta.data.forEach((bar, j) => {
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number, y: number }
        if (!ends.has(j) || x > ends.get(j)!.x) ends.set(j, { x, y })
      })
    })
    ctx.save()
    ctx.font = '600 12px system-ui, sans-serif'
    ctx.fillStyle = '#1d2430'
    ctx.textAlign = 'left'
    ctx.textBaseline = 'middle'
    for (const [j, { x, y }] of ends) ctx.fillText(text(j), x + 4, y)
    ctx.restore()
  },
})
