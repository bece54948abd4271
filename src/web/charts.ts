// Server-side SVG charts: no script, no CDN, readable by screen readers (role="img" + <title>), and each page
// keeps the numbers in a table beside the picture.

/** `tone` names the bar's colour class (a unit's status); without it the colour follows the percentage. */
export type Bar = { id: number | string; label: string; percent: number; detail: string; tone?: string };

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** One horizontal bar per row, 0–100 %, labelled with the unit's name and its percentage. */
export function barChartSvg(bars: Bar[], title: string): string {
  const rowH = 22;
  // Room for 36 characters of a 12px label (wide Vietnamese capitals included); longer names are shortened with "…".
  const labelW = 290;
  const barW = 380;
  const top = 24;
  const width = labelW + barW + 60;
  const height = top + bars.length * rowH + 8;
  const grid = [0, 25, 50, 75, 100]
    .map((p) => {
      const x = labelW + (barW * p) / 100;
      return `<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${height - 4}" class="chart-grid"/><text x="${x}" y="${top - 8}" text-anchor="middle" class="chart-axis">${p}%</text>`;
    })
    .join('');
  const rows = bars
    .map((b, i) => {
      const y = top + i * rowH;
      const w = (barW * Math.max(0, Math.min(100, b.percent))) / 100;
      const tone = b.tone ?? (b.percent >= 100 ? 'ok' : b.percent >= 50 ? 'mid' : 'low');
      return (
        `<g class="chart-row" data-unit="${esc(String(b.id))}"><title>${esc(`${b.label}: ${b.detail}`)}</title>` +
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="chart-label">${esc(shorten(b.label, 36))}</text>` +
        `<rect class="chart-bar ${tone}" x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="2"/>` +
        `<text x="${labelW + w + 6}" y="${y + 15}" class="chart-value">${b.percent}%</text></g>`
      );
    })
    .join('');
  return (
    `<svg class="chart" role="img" aria-labelledby="bar-chart-title" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="bar-chart-title">${esc(title)}</title>${grid}${rows}</svg>`
  );
}

/** Responses per calendar day as vertical bars, with the days without responses shown as gaps. */
export function timelineSvg(days: { day: string; count: number }[], title: string): string {
  const filled = fillDays(days);
  const width = 720;
  const height = 200;
  const left = 36;
  const bottom = 28;
  const plotH = height - bottom - 16;
  const max = Math.max(1, ...filled.map((d) => d.count));
  const step = (width - left - 8) / Math.max(1, filled.length);
  const labelEvery = Math.ceil(filled.length / 10);
  const bars = filled
    .map((d, i) => {
      const h = (plotH * d.count) / max;
      const x = left + i * step;
      const dm = `${d.day.slice(8, 10)}/${d.day.slice(5, 7)}`;
      const label =
        i % labelEvery === 0
          ? `<text x="${(x + step / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle" class="chart-axis">${dm}</text>`
          : '';
      return (
        `<g class="chart-day"><title>${esc(`${dm}: ${d.count}`)}</title>` +
        `<rect class="chart-bar ok" x="${(x + 1).toFixed(1)}" y="${(16 + plotH - h).toFixed(1)}" width="${Math.max(1, step - 2).toFixed(1)}" height="${h.toFixed(1)}"/></g>${label}`
      );
    })
    .join('');
  const axis =
    `<line x1="${left}" y1="${16 + plotH}" x2="${width - 8}" y2="${16 + plotH}" class="chart-grid"/>` +
    `<text x="${left - 6}" y="20" text-anchor="end" class="chart-axis">${max}</text>` +
    `<text x="${left - 6}" y="${16 + plotH}" text-anchor="end" class="chart-axis">0</text>`;
  return (
    `<svg class="chart" role="img" aria-labelledby="timeline-title" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="timeline-title">${esc(title)}</title>${axis}${bars}</svg>`
  );
}

function fillDays(days: { day: string; count: number }[]): { day: string; count: number }[] {
  if (days.length === 0) return [];
  const counts = new Map(days.map((d) => [d.day, d.count]));
  const out: { day: string; count: number }[] = [];
  const last = Date.parse(days[days.length - 1]!.day);
  for (let t = Date.parse(days[0]!.day); t <= last; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}
