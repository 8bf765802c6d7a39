export * from './aruc';
export * from './identification_rates';
export * from './labelled_scores';
export * from './roc';
export * from './kind_rates';
export * from './identification_summary';
