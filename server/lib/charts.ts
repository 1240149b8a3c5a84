/**
 * Charts drawn on the server as SVG text with Apache ECharts' SSR renderer (this file owns
 * echarts): the same SVG goes inline in a dashboard page (no client script) and into a PDF
 * through svg-to-pdfkit. So the output stays plain: no animation, no foreignObject, no CSS
 * (the hover <style> block and class attributes are stripped), one standard font family, and
 * numbers formatted for the reader's locale with spaces a PDF standard font can draw.
 */

/** One series: a line or bars, values in the order of the categories. */
export interface ChartSeries {
  name: string;
  kind: 'line' | 'bar';
  values: number[];
  /** 1 puts the series on a second axis on the right (figures of another size). */
  axis?: 0 | 1;
}

export interface ChartSpec {
  /** Labels along the category axis, one per value. */
  categories: string[];
  series: ChartSeries[];
  /** Pixels; the SVG scales with its viewBox. */
  width: number;
  height: number;
  locale: 'fr' | 'en';
  /** Bars along a vertical category axis (long labels, such as campaign names). */
  horizontal?: boolean;
  /** Writes each value beside its point or bar. */
  showValues?: boolean;
  /** A text alternative, as the SVG's <title>. */
  title?: string;
}

/** The one font family: Helvetica is a PDF standard font, the others its screen stand-ins. */
export const CHART_FONT = 'Helvetica, Arial, sans-serif';
const palette = ['#1F6F5C', '#D9822B', '#3B6FB6', '#8E5BA6', '#B84A4A', '#6B8E23'];
const LABEL_MAX = 30;

type EchartsModule = typeof import('echarts/core');
let loading: Promise<EchartsModule> | undefined;

/** Loads echarts on first use only: processes that never draw a chart do not carry it. */
function echarts(): Promise<EchartsModule> {
  loading ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    core.use([
      charts.LineChart,
      charts.BarChart,
      components.GridComponent,
      components.LegendComponent,
      renderers.SVGRenderer,
    ]);
    return core;
  })();
  return loading;
}

/** A number as the reader writes it; narrow no-break spaces (fr-CA) become ones WinAnsi fonts have. */
export function formatChartNumber(locale: 'fr' | 'en', value: number): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { maximumFractionDigits: 1 })
    .format(value)
    .replace(/\u202f/g, '\u00a0');
}

/**
 * A label cut to LABEL_MAX characters; a closing "(…)" (the platform after a channel's name)
 * is kept, so that two channels of the same name stay apart.
 */
export function shortenLabel(label: string, max = LABEL_MAX): string {
  if (label.length <= max) return label;
  const suffix = / \([^()]{1,20}\)$/.exec(label)?.[0] ?? '';
  return `${label.slice(0, Math.max(1, max - 1 - suffix.length)).trimEnd()}…${suffix}`;
}
const shorten = (label: string) => shortenLabel(label);
const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function option(spec: ChartSpec) {
  const format = (v: number) => formatChartNumber(spec.locale, v);
  const valueAxis = (index: 0 | 1) => ({
    type: 'value' as const,
    position: spec.horizontal ? undefined : index === 0 ? ('left' as const) : ('right' as const),
    axisLabel: { formatter: format },
    splitLine: { show: index === 0 },
  });
  const twoAxes = spec.series.some((s) => s.axis === 1) && !spec.horizontal;
  const categoryAxis = {
    type: 'category' as const,
    data: spec.categories.map(shorten),
    inverse: Boolean(spec.horizontal),
    axisLabel: { hideOverlap: true },
  };
  return {
    animation: false,
    color: palette,
    textStyle: { fontFamily: CHART_FONT, fontSize: 12 },
    legend: { show: spec.series.length > 1, top: 0, selectedMode: false },
    // Values written beside horizontal bars lie outside the grid: room for them on the right.
    grid: {
      left: 8,
      right: spec.horizontal && spec.showValues ? 64 : 16,
      top: spec.series.length > 1 ? 40 : 16,
      bottom: 8,
    },
    xAxis: spec.horizontal ? valueAxis(0) : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : twoAxes ? [valueAxis(0), valueAxis(1)] : valueAxis(0),
    series: spec.series.map((s) => ({
      name: s.name,
      type: s.kind,
      data: s.values,
      silent: true,
      ...(twoAxes ? { yAxisIndex: s.axis ?? 0 } : {}),
      ...(s.kind === 'line' ? { symbolSize: 5, showSymbol: spec.categories.length <= 62 } : {}),
      label: {
        show: Boolean(spec.showValues),
        position: spec.horizontal ? 'right' : 'top',
        formatter: (p: { value: unknown }) => format(Number(p.value)),
      },
    })),
  };
}

/** What a PDF converter would trip on or does not need: CSS, classes, event metadata. */
function plain(svg: string, title?: string): string {
  const cleaned = svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/\s(class|pointer-events|ecmeta_[a-z_]+)="[^"]*"/g, '');
  return title ? cleaned.replace(/^(<svg[^>]*>)/, `$1<title>${escapeXml(title)}</title>`) : cleaned;
}

/** Draws a chart as standalone SVG text (`<svg …>…</svg>`). */
export async function renderChartSvg(spec: ChartSpec): Promise<string> {
  const core = await echarts();
  const chart = core.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(option(spec));
    return plain(chart.renderToSVGString(), spec.title);
  } finally {
    chart.dispose();
  }
}
