'use client';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useT } from '../../_i18n/client';
import type { MessageKey } from '../../_i18n/messages';
import { GRADES, STATUSES, StatusGradeMatrix } from '../../_lib/workbench';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const GRADE_COLORS = ['#1f5fa8', '#3aa0c8', '#8cc084', '#d9a441'];

/** Stacked bars: one bar per lifecycle status, stacked by grade (plus the customers whose status or grade is withheld). */
export function StatusGradeChart({ matrix }: { matrix: StatusGradeMatrix }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
    const series = GRADES.map((g, i) => ({
      name: `${t('f.grade')} ${g}`, type: 'bar' as const, stack: 'grade', color: GRADE_COLORS[i], barMaxWidth: 36,
      data: STATUSES.map((s) => matrix.counts[s][g]),
      emphasis: { focus: 'series' as const },
    }));
    chart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'category', data: STATUSES.map((s) => t(`status.${s}` as MessageKey)) },
      yAxis: { type: 'value', minInterval: 1 },
      series,
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [matrix, t]);

  return (
    <div>
      <div ref={el} style={{ width: '100%', height: 320 }} data-testid="status-grade-chart" role="img" aria-label={t('workbench.chart')} />
      {matrix.withheld > 0 && <div style={{ color: '#8c8c8c', fontSize: 12 }}>🔒 {matrix.withheld} · {t('lock.denied')}</div>}
    </div>
  );
}
