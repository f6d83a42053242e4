import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { formatCount, formatRate } from '../lib/format.ts';
import type { StageFunnelStep } from '../types.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

/** Customers reaching each stage in order, as bars labelled with the share kept from the previous. */
export default function FunnelChart({ steps }: { steps: StageFunnelStep[] }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | null>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => {
      instance.resize();
      setWidth(el.clientWidth);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animationDuration: 300,
        grid: { left: 4, right: 4, top: 18, bottom: 4, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (params: unknown) => {
            const p = (params as { dataIndex: number }[])[0];
            const s = p ? steps[p.dataIndex] : undefined;
            if (!s) return '';
            return `<strong>${escapeHtml(s.name)}</strong><br/>${formatCount(s.customers)} customers<br/>${formatRate(s.fromPrevious)} of the previous stage<br/>${formatRate(s.fromFirst)} of the first`;
          },
        },
        xAxis: {
          type: 'category',
          data: steps.map((s) => s.name),
          axisTick: { show: false },
          axisLine: { lineStyle: { color: '#c9d1db' } },
          axisLabel: {
            color: '#4a5567',
            fontSize: 11,
            interval: 0,
            overflow: 'truncate',
            // Every stage keeps its label, cut to its share of the width.
            width: Math.max(24, (width || 380) / Math.max(1, steps.length) - 6),
          },
        },
        yAxis: { type: 'value', show: false },
        series: [
          {
            type: 'bar',
            data: steps.map((s) => s.customers),
            barMaxWidth: 34,
            itemStyle: { color: '#2f6fae', borderRadius: [3, 3, 0, 0] },
            label: {
              show: true,
              position: 'top',
              color: '#4a5567',
              fontSize: 10,
              formatter: (p: { dataIndex: number }) => {
                const s = steps[p.dataIndex];
                return s && p.dataIndex > 0 ? formatRate(s.fromPrevious) : '';
              },
            },
          },
        ],
      },
      true,
    );
  }, [steps, width]);

  const summary = steps.map((s) => `${s.name} ${formatCount(s.customers)}`).join(', ');
  return (
    <div
      ref={element}
      className="funnel-chart"
      role="img"
      aria-label={`Customers reaching each stage: ${summary}`}
    />
  );
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
