import { BarChart, GraphChart, LineChart, SankeyChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartOption } from './charts.ts';

// Canvas, not SVG as on the map: ECharts' own image export gives a PNG only from a canvas.
echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  SankeyChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/**
 * One ECharts chart with a "Save as PNG" button. Loaded lazily (ECharts is the largest
 * dependency); the page shows its own loading and error states around it.
 */
export default function EChart({
  option,
  label,
  title,
  fileName,
  className,
  onClick,
}: {
  option: ChartOption;
  /** What the chart shows, in words: charts are images to screen readers. */
  label: string;
  /** The chart's name, for the save button's accessible name. */
  title: string;
  /** The downloaded file's name, without `.png`. */
  fileName: string;
  /** Extra class of the drawing area (e.g. a taller one). */
  className?: string;
  /** Called with the clicked item's data index (bars, nodes); keyboard users need a twin control. */
  onClick?: (item: { dataIndex: number; seriesIndex: number; dataType?: string }) => void;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | null>(null);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  const onClickRef = useRef(onClick);
  onClickRef.current = onClick;
  const clickable = Boolean(onClick);
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !clickable) return;
    const handler = (p: echarts.ECElementEvent) =>
      onClickRef.current?.({
        dataIndex: p.dataIndex,
        seriesIndex: p.seriesIndex ?? 0,
        dataType: p.dataType,
      });
    instance.on('click', handler);
    return () => {
      instance.off('click', handler);
    };
  }, [clickable]);

  const save = () => {
    const url = chart.current?.getDataURL({
      type: 'png',
      pixelRatio: 2,
      backgroundColor: '#ffffff',
    });
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = `${fileName}.png`;
    document.body.append(link);
    link.click();
    link.remove();
  };

  return (
    <div className="insight-chart-box">
      <div
        ref={element}
        className={`insight-chart${className ? ` ${className}` : ''}`}
        role="img"
        aria-label={label}
      />
      <div className="insight-chart-actions">
        <button type="button" className="button button-small" onClick={save}>
          Save as PNG<span className="visually-hidden"> the chart {title}</span>
        </button>
      </div>
    </div>
  );
}
