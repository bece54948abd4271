import { barChartSvg } from '../../src/web/charts';

describe('bar chart labels', () => {
  it('shortens a long unit name to 36 characters with "…" so it fits left of the bars', () => {
    const name = 'BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH SÓC TRĂNG';
    const svg = barChartSvg([{ id: 1, label: name, percent: 50, detail: '5/10' }], 'Tỷ lệ');
    const label = /class="chart-label">([^<]+)<\/text>/.exec(svg)![1]!;
    expect(label).toBe(`${name.slice(0, 35)}…`);
    expect([...label]).toHaveLength(36);
    // The whole name stays in the row's tooltip.
    expect(svg).toContain(`<title>${name}: 5/10</title>`);
  });

  it('keeps a name of 36 characters or fewer whole', () => {
    const name = 'Văn phòng Đoàn ĐBQH và HĐND tỉnh';
    const svg = barChartSvg([{ id: 1, label: name, percent: 100, detail: '' }], 'Tỷ lệ');
    expect(svg).toContain(`class="chart-label">${name}</text>`);
  });
});
