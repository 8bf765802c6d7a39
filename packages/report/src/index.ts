export * from './table';
export * from './figures/figure_specs';
export * from './figures/render_figure';
export * from './html_page';
export * from './identification_tables';
