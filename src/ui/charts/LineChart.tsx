/**
 * One uPlot line chart, sized to its box. The chart object is created once per set of lines
 * (and theme) and fed new data in place; uPlot draws on a canvas, so its colours are read from
 * the theme's CSS variables when it is created.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { INTEGER_INCRS, lineColour, yRange, type ChartModel } from './chartModel.ts';

export interface ChartColours {
  text: string;
  grid: string;
  lines: string[];
}

function axisSeconds(_u: uPlot, values: number[]): string[] {
  return values.map((v) => `${v} s`);
}

function compact(_u: uPlot, values: number[]): string[] {
  return values.map((v) =>
    Math.abs(v) >= 10_000 ? `${Math.round(v / 1000)}k` : String(Math.round(v * 100) / 100),
  );
}

function options(
  m: ChartModel,
  size: { width: number; height: number },
  c: ChartColours,
): uPlot.Options {
  const axis = {
    stroke: c.text,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.grid, width: 1, size: 4 },
    font: '12px system-ui, sans-serif',
    gap: 3,
  };
  return {
    width: size.width,
    height: size.height,
    legend: { show: false },
    cursor: { show: false },
    padding: [8, 10, 0, 0],
    scales: {
      x: { time: false },
      y: { range: (_u, _min, max) => yRange(max, m.integer === true) },
    },
    axes: [
      { ...axis, values: axisSeconds, size: 26, space: 60 },
      {
        ...axis,
        values: compact,
        size: 44,
        space: 24,
        // Partitions and records are whole: no 0.25 ticks.
        ...(m.integer ? { incrs: [...INTEGER_INCRS] } : {}),
      },
    ],
    series: [
      {},
      ...m.lines.map((l, i) => ({
        label: l.label,
        stroke: c.lines[lineColour(l, i) % c.lines.length]!,
        width: 2,
        // A second view of a line (throughput out often runs exactly on top of throughput in).
        ...(l.dashed ? { dash: [7, 5] } : {}),
        points: { show: false },
      })),
    ],
  };
}

function data(m: ChartModel): uPlot.AlignedData {
  return [m.xs, ...m.lines.map((l) => l.values)];
}

export function LineChart({ m, colours }: { m: ChartModel; colours: ChartColours }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(m);
  latest.current = m;
  const shape = `${m.id}|${m.lines.map((l) => l.label).join('|')}`;

  // (Re)create when the lines or the theme change.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const size = { width: el.clientWidth, height: el.clientHeight };
    const u = new uPlot(options(latest.current, size, colours), data(latest.current), el);
    plot.current = u;
    const observer = new ResizeObserver(() => {
      const width = el.clientWidth;
      const height = el.clientHeight;
      if (width > 0 && height > 0 && (width !== u.width || height !== u.height))
        u.setSize({ width, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape, colours]);

  // New samples: new data in place.
  useEffect(() => {
    plot.current?.setData(data(m));
  }, [m]);

  return <div className="chart-plot" ref={box} data-testid={`chart-plot-${m.id}`} />;
}
