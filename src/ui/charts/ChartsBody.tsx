/**
 * The charts over simulated time, side by side: throughput in and out, produce latency,
 * consumer lag per group, under-replicated partitions and unowned partitions. Loaded on demand
 * (uPlot and this code stay out of the page's first download) when the charts panel opens.
 */
import { useMemo } from 'react';
import { useTheme } from '../theme.ts';
import { formatValue, lineColour, type ChartModel } from './chartModel.ts';
import { LineChart, type ChartColours } from './LineChart.tsx';
import { useChartModels } from './useChartModels.ts';
import './charts.css';

const LINE_VARS = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

function readColours(): ChartColours {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { text: v('--text-muted'), grid: v('--border'), lines: LINE_VARS.map(v) };
}

/** The theme's chart colours, read again when the theme changes (theme.ts). */
function useColours(): ChartColours {
  const { theme } = useTheme();
  // The theme is on <html> before anyone hears of it: read its colours again for each.
  return useMemo(readColours, [theme]);
}

function Legend({ m, colours }: { m: ChartModel; colours: ChartColours }) {
  return (
    <ul className="chart-legend">
      {m.lines.map((l, i) => (
        <li key={l.label} title={l.note}>
          <span
            className={`chart-swatch${l.dashed ? ' is-dashed' : ''}`}
            style={{ color: colours.lines[lineColour(l, i) % colours.lines.length] }}
            aria-hidden="true"
          />
          <span className="chart-label">{l.label}</span>
          <strong className="chart-value" data-testid={`chart-value-${m.id}-${i}`}>
            {formatValue(l.last, m.unit)}
          </strong>
          {l.note && <span className="chart-note">{l.note}</span>}
        </li>
      ))}
      {m.hiddenLines > 0 && <li className="chart-more">+{m.hiddenLines} more (smaller)</li>}
    </ul>
  );
}

function Chart({ m, colours }: { m: ChartModel; colours: ChartColours }) {
  return (
    <article
      className="chart"
      data-testid={`chart-${m.id}`}
      data-points={m.empty === null ? m.xs.length : 0}
      aria-label={`${m.title}: ${m.metrics.join(', ')}`}
    >
      <header className="chart-header" title={m.footnote}>
        <h3 className="chart-title">{m.title}</h3>
        <span className="chart-unit">{m.unit}</span>
      </header>
      <p className="chart-metrics" title={m.metrics.join('\n')}>
        {m.metrics.map((name) => (
          <code key={name}>{name}</code>
        ))}
      </p>
      {m.empty === null ? (
        <LineChart m={m} colours={colours} />
      ) : (
        <p className="chart-empty">{m.empty}</p>
      )}
      {m.empty === null && <Legend m={m} colours={colours} />}
    </article>
  );
}

export default function ChartsBody() {
  const models = useChartModels();
  const colours = useColours();
  return (
    <div className="charts" data-testid="charts">
      {models.map((m) => (
        <Chart key={m.id} m={m} colours={colours} />
      ))}
    </div>
  );
}
